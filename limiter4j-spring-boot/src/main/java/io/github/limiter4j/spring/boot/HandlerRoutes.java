package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.ExemptionScope;
import io.github.limiter4j.web.KeyFunction;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.Route;
import io.github.limiter4j.web.RouteGroup;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The routes and route groups of a Spring MVC application: one route per controller method, with
 * the limits and exemptions of its annotations and of the {@code ratelimit.paths} properties that
 * match its mapping; and one route per path entry, for requests that no controller serves.
 */
final class HandlerRoutes {
  private final Map<Handler, Route> byHandler;
  private final Map<Handler, Route> byCall;
  private final List<Route> routes;
  private final List<RouteGroup> groups;
  private final Annotations annotations;
  private final List<PathEntry> entries;
  private final List<Route> pathRoutes;
  private final boolean handlersExemptBeforeHandler;

  private HandlerRoutes(
      Map<Handler, Route> byHandler,
      Map<Handler, Route> byCall,
      List<Route> routes,
      List<RouteGroup> groups,
      Annotations annotations,
      List<PathEntry> entries,
      List<Route> pathRoutes) {
    this.byHandler = byHandler;
    this.byCall = byCall;
    this.routes = routes;
    this.groups = groups;
    this.annotations = annotations;
    this.entries = entries;
    this.pathRoutes = pathRoutes;
    this.handlersExemptBeforeHandler = anyExemptBeforeHandler(byHandler.values(), groups);
  }

  /**
   * Whether some handler, or a group of one, is exempt from the application or meta limits, which
   * the path filter counts before the handler is known: only then does it look the handler up.
   */
  boolean handlersExemptBeforeHandler() {
    return handlersExemptBeforeHandler;
  }

  private static boolean anyExemptBeforeHandler(
      Collection<Route> handlers, List<RouteGroup> groups) {
    List<Set<ExemptionScope>> exemptions = new ArrayList<>();
    handlers.forEach(route -> exemptions.add(route.exemption()));
    groups.forEach(group -> exemptions.add(group.exemption()));
    return exemptions.stream()
        .anyMatch(
            exemption ->
                exemption.contains(ExemptionScope.APPLICATION)
                    || exemption.contains(ExemptionScope.META));
  }

  /**
   * Returns the routes of the path entries that serve {@code method} requests to {@code path}, the
   * most specific first: what the path filter checks before Spring Security and the handler.
   */
  List<Route> pathRoutesOf(String method, String path) {
    List<Route> matched = new ArrayList<>(1);
    for (Route route : pathRoutes) {
      if (route.matches(method, path)) {
        matched.add(route);
      }
    }
    return matched;
  }

  /**
   * Returns where {@code limit} was declared, if by an annotation ({@code @RateLimit on
   * DemoController.slow()}) or a path entry ({@code ratelimit.paths[0].limit}).
   */
  Optional<String> originOf(Limit limit) {
    Optional<String> annotation = annotations.originOf(limit);
    if (annotation.isPresent()) {
      return annotation;
    }
    for (PathEntry entry : entries) {
      if (entry.limit == limit) {
        return Optional.of(entry + ".limit");
      }
    }
    return Optional.empty();
  }

  /** Returns the route of a handler method, or null if it is not one of the scanned. */
  Route routeOf(HandlerMethod handler) {
    return routeOf(handler.getBeanType(), handler.getMethod());
  }

  /**
   * Returns the route of {@code method} in the controller {@code type} (a method a controller
   * inherits is a route of each controller), or null if it is not one of the scanned.
   */
  Route routeOf(Class<?> type, Method method) {
    return byHandler.get(new Handler(ClassUtils.getUserClass(type), method));
  }

  /**
   * Returns the route of the limited method {@code method} of a bean of {@code type} that is not a
   * controller (the route of the class, or the nearest superclass, that was scanned), or null.
   */
  Route callRouteOf(Class<?> type, Method method) {
    for (Class<?> scanned = ClassUtils.getUserClass(type);
        scanned != null && scanned != Object.class;
        scanned = scanned.getSuperclass()) {
      Route route = byCall.get(new Handler(scanned, method));
      if (route != null) {
        return route;
      }
    }
    return null;
  }

  List<Route> routes() {
    return routes;
  }

  List<RouteGroup> groups() {
    return groups;
  }

  /**
   * Scans the handlers of {@code mappings} and the limited methods of the {@code beans} that are
   * not controllers.
   *
   * @param proxyTargetClass {@code spring.aop.proxy-target-class}
   */
  static HandlerRoutes scan(
      Collection<RequestMappingHandlerMapping> mappings,
      List<RateLimitProperties.PathLimit> paths,
      Functions functions,
      MissingKeys missingKeys,
      Collection<Class<?>> beans,
      boolean proxyTargetClass) {
    Map<Handler, RequestMappingInfo> handlers = new LinkedHashMap<>();
    for (RequestMappingHandlerMapping mapping : mappings) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
          mapping.getHandlerMethods().entrySet()) {
        Class<?> type = ClassUtils.getUserClass(entry.getValue().getBeanType());
        if (type.getName().startsWith("org.springframework.")) {
          // The framework's own handlers (the /error page) are not the application's routes.
          continue;
        }
        handlers.putIfAbsent(new Handler(type, entry.getValue().getMethod()), entry.getKey());
      }
    }
    Map<Handler, String> endpoints = EndpointNames.of(handlers);

    Annotations annotations = new Annotations(functions, missingKeys);
    Map<String, GroupSpec> groups = new LinkedHashMap<>();
    List<PathEntry> entries = PathEntry.parse(paths, functions, missingKeys.clientAddress());
    Map<Handler, Route> byHandler = new LinkedHashMap<>();
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<Handler, RequestMappingInfo> handler : handlers.entrySet()) {
      Method method = handler.getKey().method();
      Class<?> controller = handler.getKey().type();
      RequestMappingInfo info = handler.getValue();
      Route.Builder route = Route.builder(endpoints.get(handler.getKey()));
      String pattern = firstPattern(info);
      if (pattern != null) {
        try {
          route.path(pattern);
        } catch (IllegalArgumentException unsupportedPattern) {
          // Spring matches the request itself; the path only serves introspection.
        }
      }
      Set<String> methods = methodsOf(info);
      route.methods(methods.toArray(new String[0]));

      String group = groupOf(controller, annotations);
      if (group != null) {
        try {
          route.group(group);
        } catch (IllegalArgumentException e) {
          throw new InvalidRateLimitException(
              "@LimitGroup on " + ClassUtils.getShortName(controller),
              group,
              "is not a group name: " + e.getMessage(),
              e);
        }
        // Keyed by the full dotted name: a.api and b.api are two groups. Every enclosing name is
        // declared too, so that no group is found by its last name alone somewhere else.
        for (int dot = group.indexOf('.'); dot >= 0; dot = group.indexOf('.', dot + 1)) {
          groups.computeIfAbsent(group.substring(0, dot), GroupSpec::new);
        }
        groups.computeIfAbsent(group, GroupSpec::new).add(controller, annotations, false);
      }
      String origin = EndpointNames.describe(controller, method);
      annotations.limitsOn(method, origin).forEach(route::limit);
      Set<ExemptionScope> exemption = annotations.exemptionOn(method);
      for (PathEntry entry : entries) {
        if (entry.matches(info, methods)) {
          entry.applyTo(route);
        }
      }
      if (exemption != null) {
        route.exempt(exemption.toArray(new ExemptionScope[0]));
      }
      Route built = route.build();
      byHandler.put(handler.getKey(), built);
      routes.add(built);
    }
    Map<Handler, Route> byCall =
        callRoutes(handlers.keySet(), beans, proxyTargetClass, annotations, groups);
    routes.addAll(byCall.values());
    Map<String, PathEntry> pathRoutes = new LinkedHashMap<>();
    Map<PathEntry, Route> routeOfEntry = new LinkedHashMap<>();
    for (PathEntry entry : entries) {
      Route route = entry.route();
      PathEntry earlier = pathRoutes.putIfAbsent(route.endpoint(), entry);
      if (earlier != null) {
        throw new InvalidRateLimitException(
            entry.toString(),
            entry.properties.getPattern(),
            "has the pattern and methods of "
                + earlier
                + ", so both would be one route: give both limits and exemptions in one entry",
            null);
      }
      routeOfEntry.put(entry, route);
      routes.add(route);
    }
    // The most specific first, as Spring MVC matches handlers; equally specific in their order.
    List<PathEntry> bySpecificity = new ArrayList<>(routeOfEntry.keySet());
    bySpecificity.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern, b.pattern));
    List<Route> matchedByPath = new ArrayList<>();
    for (PathEntry entry : bySpecificity) {
      matchedByPath.add(routeOfEntry.get(entry));
    }
    List<RouteGroup> builtGroups = new ArrayList<>();
    for (GroupSpec spec : groups.values()) {
      builtGroups.add(spec.build());
    }
    return new HandlerRoutes(
        Map.copyOf(byHandler),
        Map.copyOf(byCall),
        List.copyOf(routes),
        List.copyOf(builtGroups),
        annotations,
        List.copyOf(entries),
        List.copyOf(matchedByPath));
  }

  /**
   * The routes of the limited methods of beans that are not controllers: one per method, named
   * {@code com.example.Reports.daily}, in the group of its class, exempt from the application,
   * default and meta limits (which count requests). Fails on a limit no proxy could apply, and on a
   * limit on a controller method that handles no request.
   */
  private static Map<Handler, Route> callRoutes(
      Set<Handler> handlers,
      Collection<Class<?>> beans,
      boolean proxyTargetClass,
      Annotations annotations,
      Map<String, GroupSpec> groups) {
    List<Handler> calls = new ArrayList<>();
    for (Class<?> type : beans) {
      if (MethodTargets.isController(type)) {
        requireHandlers(type, handlers, annotations);
        continue;
      }
      MethodTargets.requireProxyable(type, proxyTargetClass);
      for (Method method : MethodTargets.limitedMethods(type)) {
        calls.add(new Handler(type, method));
      }
    }
    Map<Handler, String> endpoints = EndpointNames.ofCalls(calls);
    Map<Handler, Route> byCall = new LinkedHashMap<>();
    for (Handler call : calls) {
      Class<?> type = call.type();
      Method method = call.method();
      Route.Builder route = Route.builder(endpoints.get(call));
      String group = groupOf(type, annotations);
      if (group != null) {
        try {
          route.group(group);
        } catch (IllegalArgumentException e) {
          throw new InvalidRateLimitException(
              "@LimitGroup on " + ClassUtils.getShortName(type),
              group,
              "is not a group name: " + e.getMessage(),
              e);
        }
        for (int dot = group.indexOf('.'); dot >= 0; dot = group.indexOf('.', dot + 1)) {
          groups.computeIfAbsent(group.substring(0, dot), GroupSpec::new);
        }
        groups.computeIfAbsent(group, GroupSpec::new).add(type, annotations, true);
      }
      List<Limit> limits = annotations.limitsOn(method, EndpointNames.describe(type, method), true);
      if (limits.isEmpty() && group == null) {
        throw new InvalidRateLimitException(
            MethodTargets.origin(type, method),
            "",
            "exempts a bean method from limits it does not have: limits on bean methods count"
                + " calls, which no application, default or meta limit counts; remove it, or give"
                + " the class limits (or a @LimitGroup) to exempt it from",
            null);
      }
      limits.forEach(route::limit);
      // Application, default and meta limits count requests; a call inside a request is part of
      // a request already counted.
      Set<ExemptionScope> exemption =
          EnumSet.of(ExemptionScope.APPLICATION, ExemptionScope.DEFAULT, ExemptionScope.META);
      Set<ExemptionScope> declared = annotations.exemptionOn(method);
      if (declared != null) {
        exemption.addAll(declared);
      }
      route.exempt(exemption.toArray(new ExemptionScope[0]));
      byCall.put(call, route.build());
    }
    return byCall;
  }

  /**
   * Fails if a controller method declares limits but handles no request, or inherits them from a
   * method it overrides, where the interceptor does not read them.
   */
  private static void requireHandlers(
      Class<?> controller, Set<Handler> handlers, Annotations annotations) {
    for (Method method :
        org.springframework.util.ReflectionUtils.getUniqueDeclaredMethods(
            controller, org.springframework.util.ReflectionUtils.USER_DECLARED_METHODS)) {
      if (!annotations.hasAny(method) && Annotations.hasAny(method, true)) {
        throw new InvalidRateLimitException(
            MethodTargets.origin(controller, method),
            "",
            "is declared on a method that "
                + EndpointNames.describe(controller, method)
                + " overrides or implements (a superclass's or an interface's), and a controller's"
                + " limits are read from the handler method itself: declare it on "
                + EndpointNames.describe(controller, method),
            null);
      }
      if (annotations.hasAny(method) && !handlers.contains(new Handler(controller, method))) {
        throw new InvalidRateLimitException(
            MethodTargets.origin(controller, method),
            "",
            "is on a method of a controller that is not a request handler: a controller's limits"
                + " count the requests it handles. Map the method to requests, or move it to a bean"
                + " that is not a controller (whose methods' limits count calls)",
            null);
      }
    }
  }

  /** A handler method of one controller: a method a controller inherits is a handler of each. */
  record Handler(Class<?> type, Method method) {}

  private static String firstPattern(RequestMappingInfo info) {
    Set<String> patterns = new TreeSet<>(info.getPatternValues());
    return patterns.isEmpty() ? null : patterns.iterator().next();
  }

  private static Set<String> methodsOf(RequestMappingInfo info) {
    Set<String> methods = new TreeSet<>();
    for (RequestMethod method : info.getMethodsCondition().getMethods()) {
      methods.add(method.name());
    }
    return methods;
  }

  /**
   * The group chain of a controller: its {@link LimitGroup}, or, if it has class-level limits or an
   * exemption, a group of its own named after its class (the class name with {@code /} between
   * packages, which no other class shares).
   */
  private static String groupOf(Class<?> controller, Annotations annotations) {
    LimitGroup group = AnnotatedElementUtils.findMergedAnnotation(controller, LimitGroup.class);
    if (group != null) {
      return group.value();
    }
    boolean limited =
        MethodTargets.isController(controller)
            ? annotations.hasAny(controller)
            : MethodTargets.isLimitedClass(controller);
    return limited ? controller.getName().replace('.', '/') : null;
  }

  /** A group's limits and exemption, gathered from the controllers declaring it. */
  private static final class GroupSpec {
    private final String name;
    private final List<Limit> limits = new ArrayList<>();
    private final Set<ExemptionScope> exemption = EnumSet.noneOf(ExemptionScope.class);
    private final Set<Class<?>> seen = new java.util.HashSet<>();
    // Whether the group's classes are beans whose limits count calls, not controllers; null
    // until a class declares the group.
    private Boolean calls;

    GroupSpec(String name) {
      this.name = name;
    }

    void add(Class<?> controller, Annotations annotations, boolean call) {
      if (!seen.add(controller)) {
        return;
      }
      if (calls != null && calls != call) {
        throw new InvalidRateLimitException(
            "@LimitGroup on " + ClassUtils.getShortName(controller),
            name,
            "names a group of "
                + (call ? "controllers" : "beans that are not controllers")
                + ", and "
                + ClassUtils.getShortName(controller)
                + (call ? " is not a controller" : " is one")
                + ": a group counts either requests or method calls; give it another name",
            null);
      }
      calls = call;
      limits.addAll(annotations.limitsOn(controller, ClassUtils.getShortName(controller), call));
      Set<ExemptionScope> exempt = annotations.exemptionOn(controller);
      if (exempt != null) {
        exemption.addAll(exempt);
      }
    }

    RouteGroup build() {
      RouteGroup.Builder group = RouteGroup.builder(name);
      limits.forEach(group::limit);
      if (!exemption.isEmpty()) {
        group.exempt(exemption.toArray(new ExemptionScope[0]));
      }
      return group.build();
    }
  }

  /** One {@code ratelimit.paths[i]} entry. */
  private static final class PathEntry {
    private final int index;
    private final RateLimitProperties.PathLimit properties;
    private final PathPattern pattern;
    private final Limit limit;

    private PathEntry(
        int index, RateLimitProperties.PathLimit properties, PathPattern pattern, Limit limit) {
      this.index = index;
      this.properties = properties;
      this.pattern = pattern;
      this.limit = limit;
    }

    /**
     * Parses the entries. Their limits are keyed by {@code clientAddress} unless an entry names its
     * own key function: the filter checks them before authentication, where the key of {@code
     * ratelimit.key-func} (an API key, a user) may not be known yet or is the client's to choose.
     */
    static List<PathEntry> parse(
        List<RateLimitProperties.PathLimit> paths, Functions functions, KeyFunction clientAddress) {
      List<PathEntry> entries = new ArrayList<>();
      for (int i = 0; i < paths.size(); i++) {
        RateLimitProperties.PathLimit path = paths.get(i);
        String prefix = "ratelimit.paths[" + i + "]";
        if (Functions.isBlank(path.getPattern())) {
          throw new InvalidRateLimitException(
              prefix + ".pattern", "", "is missing: each path entry needs a pattern", null);
        }
        PathPattern pattern;
        try {
          pattern = PathPatternParser.defaultInstance.parse(path.getPattern());
        } catch (PatternParseException e) {
          throw new InvalidRateLimitException(
              prefix + ".pattern",
              path.getPattern(),
              "is not a path pattern: " + e.getMessage(),
              e);
        }
        Limit limit = null;
        if (!Functions.isBlank(path.getLimit())) {
          Limit.Builder builder;
          try {
            builder = Limit.builder(path.getLimit());
          } catch (IllegalArgumentException e) {
            throw new InvalidRateLimitException(
                prefix + ".limit", path.getLimit(), "is not a rate limit: " + e.getMessage(), e);
          }
          builder.perMethod(path.isPerMethod()).overrideDefaults(path.isOverrideDefaults());
          KeyFunction key =
              Functions.isBlank(path.getKeyFunc())
                  ? clientAddress
                  : functions.key(path.getKeyFunc(), prefix + ".key-func");
          builder.keyFunction(key);
          if (!path.getMethods().isEmpty()) {
            try {
              builder.methods(path.getMethods().toArray(new String[0]));
            } catch (IllegalArgumentException e) {
              throw new InvalidRateLimitException(
                  prefix + ".methods",
                  String.join(",", path.getMethods()),
                  "are not HTTP methods: " + e.getMessage(),
                  e);
            }
          }
          if (!Functions.isBlank(path.getSharedScope())) {
            builder.shared(path.getSharedScope());
          }
          limit = builder.build();
        } else if (path.getExempt().isEmpty()) {
          throw new InvalidRateLimitException(
              prefix, path.getPattern(), "declares neither a limit nor an exemption", null);
        }
        entries.add(new PathEntry(i, path, pattern, limit));
      }
      return entries;
    }

    boolean matches(RequestMappingInfo info, Set<String> routeMethods) {
      boolean methodsOverlap =
          properties.getMethods().isEmpty()
              || routeMethods.isEmpty()
              || properties.getMethods().stream()
                  .anyMatch(
                      method -> routeMethods.contains(method.toUpperCase(java.util.Locale.ROOT)));
      if (!methodsOverlap) {
        return false;
      }
      for (String handlerPattern : info.getPatternValues()) {
        if (pattern.matches(PathContainer.parsePath(handlerPattern))) {
          return true;
        }
      }
      return false;
    }

    void applyTo(Route.Builder route) {
      if (limit != null) {
        route.limit(limit);
      }
      if (!properties.getExempt().isEmpty()) {
        route.exempt(properties.getExempt().toArray(new ExemptionScope[0]));
      }
    }

    /**
     * The route for requests no controller serves: named {@code path:/api/**}, or {@code
     * path:/api/**[GET,POST]} for some methods only, from the entry alone so that other entries
     * cannot rename it. Fails for a pattern Spring accepts but the filter cannot match (a wildcard
     * inside a segment, such as {@code /api/*.json}): left out, the entry would limit nothing that
     * Spring Security or the filter's other paths answer.
     */
    Route route() {
      Set<String> methods = new TreeSet<>();
      for (String method : properties.getMethods()) {
        methods.add(method.toUpperCase(java.util.Locale.ROOT));
      }
      String name =
          "path:"
              + properties.getPattern()
              + (methods.isEmpty() ? "" : "[" + String.join(",", methods) + "]");
      // Checked by the path filter, ahead of Spring Security; a controller route that shares the
      // entry's limit leaves it to this route.
      Route.Builder route = Route.builder(name).checkedBeforeHandler();
      try {
        route.path(properties.getPattern());
      } catch (IllegalArgumentException unsupported) {
        throw new InvalidRateLimitException(
            this + ".pattern",
            properties.getPattern(),
            "is a pattern the path filter cannot match: "
                + unsupported.getMessage()
                + ". Use whole segments: literals, {name}, * and a final ** or {*name} (such as"
                + " /api/** for /api/*.json)",
            unsupported);
      }
      route.methods(properties.getMethods().toArray(new String[0]));
      applyTo(route);
      return route.build();
    }

    @Override
    public String toString() {
      return "ratelimit.paths[" + index + "]";
    }
  }
}
