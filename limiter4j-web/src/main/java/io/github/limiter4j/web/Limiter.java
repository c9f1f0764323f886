package io.github.limiter4j.web;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.Storages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The request limiter: Flask-Limiter's {@code Limiter}, independent of any web framework. Built
 * once with its configuration, routes and route groups; immutable and shared by every request.
 *
 * <pre>{@code
 * Limiter limiter = Limiter.builder()
 *     .keyFunction(KeyFunction.remoteAddress())
 *     .defaultLimits("200/day;50/hour")
 *     .headersEnabled(true)
 *     .route(Route.builder("slow").path("/slow").limit("1/day").build())
 *     .route(Route.builder("ping").path("/ping").exempt().build())
 *     .build();
 *
 * LimitedRequest limited = limiter.check(request); // throws RateLimitExceededException
 * // ... handle the request ...
 * Map<String, String> headers = limited.finish(response);
 * }</pre>
 *
 * <p>Each request is decided with one call to the storage that takes every limit it must pass, or
 * none of them: a request refused by one limit consumes nothing from the others. The deliberate
 * exception is a request checked in two stages ({@link #checkBeforeHandler} and then {@link
 * LimitedRequest#checkHandler}): one call per stage, and what the first stage took stays taken when
 * the second refuses.
 */
public final class Limiter implements AutoCloseable {
  private static final Logger LOG = Loggers.of(Limiter.class);
  private static final String PER_METHOD = "per method";
  private static final List<String> COMMON_METHODS =
      List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");
  private static final Comparator<PendingLimit> BY_WINDOW =
      Comparator.comparingLong(pending -> pending.item.windowMillis());

  private final boolean enabled;
  private final KeyFunction keyFunction;
  private final MissingKey missingKey;
  private final String keyPrefix;
  private final Strategy strategy;
  private final Storage storage;
  private final boolean ownsStorage;
  private final RateLimiter rateLimiter;
  private final TimeSource timeSource;
  private final List<DeclaredLimit> applicationLimits;
  private final List<DeclaredLimit> defaultLimits;
  private final List<DeclaredLimit> metaLimits;
  private final List<DeclaredLimit> fallbackLimits;
  private final Headers headers;
  private final boolean swallowErrors;
  private final boolean failOnFirstBreach;
  private final BreachHandler onBreach;
  private final BreachHandler onMetaBreach;
  private final Function<WebRequest, String> requestIdentifier;
  private final List<RequestCondition> requestFilters;
  private final List<Route> routes;
  private final List<Route> routesByPath;
  private final Map<String, Route> routesByEndpoint;
  private final Map<String, RouteGroup> groups;
  private final Map<Route, ResolvedRoute> resolved;
  private final ResolvedRoute unrouted;
  private final StorageGuard guard;
  private final MemoryStorage fallbackStorage;
  private final RateLimiter fallbackLimiter;
  private final List<ConfigurationEntry> settings;
  private final boolean hashTagKeys;
  private final ProxyWarning proxyWarning;
  private final StorageBounds bounds = new StorageBounds();
  // What the limiter was built with, for toBuilder(): a copy no builder changes.
  private final Builder configuration;

  private Limiter(Builder builder) {
    this.configuration = builder;
    this.enabled = builder.enabled;
    this.keyFunction = builder.keyFunction;
    this.missingKey = builder.missingKey;
    this.proxyWarning = new ProxyWarning(builder.keyFunction);
    this.keyPrefix = builder.keyPrefix;
    this.strategy = builder.strategy;
    this.timeSource = builder.timeSource;
    this.headers = new Headers(builder);
    this.swallowErrors = builder.swallowErrors;
    this.failOnFirstBreach = builder.failOnFirstBreach;
    this.onBreach = builder.onBreach;
    this.onMetaBreach = builder.onMetaBreach;
    this.requestIdentifier = builder.requestIdentifier;
    this.requestFilters = List.copyOf(builder.requestFilters);
    this.routes = List.copyOf(builder.routes.values());
    this.routesByEndpoint = Map.copyOf(builder.routes);
    this.groups = Map.copyOf(builder.groups);
    List<Route> withPaths = new ArrayList<>();
    for (Route route : routes) {
      if (route.pattern() != null) {
        withPaths.add(route);
      }
    }
    withPaths.sort(
        Comparator.comparingInt((Route route) -> route.pattern().specificity()).reversed());
    this.routesByPath = List.copyOf(withPaths);

    this.applicationLimits =
        declare(builder.applicationLimits(), DeclaredLimit.Kind.APPLICATION, "application limit");
    this.defaultLimits =
        declare(builder.defaultLimits(), DeclaredLimit.Kind.DEFAULT, "default limit");
    this.metaLimits = declare(builder.metaLimits(), DeclaredLimit.Kind.META, "meta limit");
    this.fallbackLimits =
        declare(builder.fallbackLimits(), DeclaredLimit.Kind.FALLBACK, "in-memory fallback limit");

    Map<String, List<DeclaredLimit>> groupLimits = new HashMap<>();
    Map<String, Set<ExemptionScope>> groupExemptions = new HashMap<>();
    for (RouteGroup group : groups.values()) {
      groupLimits.put(
          group.name(),
          declare(
              group.limits(), DeclaredLimit.Kind.GROUP, "limit of route group " + group.name()));
      groupExemptions.put(group.name(), group.exemption());
    }
    List<DeclaredLimit> counted = new ArrayList<>(applicationLimits);
    counted.addAll(defaultLimits);
    counted.addAll(metaLimits);
    groupLimits.values().forEach(counted::addAll);
    Map<Route, ResolvedRoute> byRoute = new IdentityHashMap<>();
    for (Route route : routes) {
      List<DeclaredLimit> own =
          declare(route.limits(), DeclaredLimit.Kind.ROUTE, "limit of route " + route.endpoint());
      counted.addAll(own);
      byRoute.put(
          route,
          ResolvedRoute.resolve(
              route, own, groupLimits, groupExemptions, applicationLimits, defaultLimits));
    }
    this.resolved = byRoute;
    this.unrouted = ResolvedRoute.unrouted(applicationLimits, defaultLimits);
    this.settings = Settings.describe(builder);

    if (!enabled) {
      this.hashTagKeys = false;
      this.storage = null;
      this.ownsStorage = false;
      this.rateLimiter = null;
      this.guard = null;
      this.fallbackStorage = null;
      this.fallbackLimiter = null;
      return;
    }
    if (builder.inheritedStorage != null) {
      this.storage = builder.inheritedStorage;
      this.ownsStorage = false;
    } else if (builder.storage != null) {
      this.storage = builder.storage;
      this.ownsStorage = false;
    } else if (builder.storageUri != null) {
      this.storage = Storages.fromUri(builder.storageUri, builder.storageOptions, timeSource);
      this.ownsStorage = true;
    } else {
      this.storage = MemoryStorage.builder().timeSource(timeSource).build();
      this.ownsStorage = true;
    }
    try {
      this.rateLimiter = RateLimiter.of(strategy, storage);
      StorageBounds.requireHeld(rateLimiter, counted);
    } catch (RuntimeException e) {
      if (ownsStorage) {
        storage.close();
      }
      throw e;
    }
    this.hashTagKeys = storage.prefersHashTaggedKeys();
    boolean fallback = builder.inMemoryFallbackEnabled || !fallbackLimits.isEmpty();
    this.guard = new StorageGuard(storage, timeSource, fallback, swallowErrors);
    if (fallback) {
      this.fallbackStorage = MemoryStorage.builder().timeSource(timeSource).build();
      this.fallbackLimiter = RateLimiter.of(strategy, fallbackStorage);
    } else {
      this.fallbackStorage = null;
      this.fallbackLimiter = null;
    }
  }

  /** Returns a builder of a limiter. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a new builder holding everything this limiter was built with (routes, groups, limits,
   * key function, storage, options, handlers, headers), so that {@code
   * limiter.toBuilder().headersEnabled(false).build()} is this limiter but for its headers. Changes
   * to the builder do not reach this limiter.
   *
   * <p>The storage is shared, never reopened: the builder's limiters count in this limiter's
   * storage, as if it had been given with {@link Builder#storage(Storage)}, and do not close it. A
   * storage this limiter opened (from a storage URI, or in memory) stays this limiter's: it is
   * closed when this limiter is, after which the limiters of the builder must not be used. Give the
   * builder a {@link Builder#storage(Storage) storage} or {@link Builder#storageUri(String) storage
   * URI} to count elsewhere. The in-memory fallback, if enabled, is each limiter's own.
   */
  public Builder toBuilder() {
    Builder copy = configuration.copy();
    if (ownsStorage) {
      copy.inheritedStorage = storage;
    }
    return copy;
  }

  /** Returns true if this limiter closes its storage when it is closed. */
  boolean ownsStorage() {
    return ownsStorage;
  }

  /** Returns the version of limiter4j, such as {@code 0.1.0}. */
  public static String version() {
    try (java.io.InputStream in = Limiter.class.getResourceAsStream("version.properties")) {
      java.util.Properties properties = new java.util.Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private List<DeclaredLimit> declare(List<Limit> limits, DeclaredLimit.Kind kind, String origin) {
    List<DeclaredLimit> declared = new ArrayList<>(limits.size());
    for (Limit limit : limits) {
      declared.add(new DeclaredLimit(limit, kind, keyFunction, origin));
    }
    return List.copyOf(declared);
  }

  /**
   * Checks a request against the limits of the route it matches by method and {@linkplain
   * WebRequest#path() path} (or, if it matches none, against the application and default limits,
   * counted under that path) and takes its cost from each.
   *
   * @return the request's limits, to be finished with {@link LimitedRequest#finish(WebResponse)}
   *     once the response is known
   * @throws RateLimitExceededException if the request breaches a limit; nothing was taken
   * @throws StorageException if the storage failed and neither errors are swallowed nor the
   *     in-memory fallback is enabled
   */
  public LimitedRequest check(WebRequest request) {
    Objects.requireNonNull(request, "request");
    return check(request, route(request.method(), request.path()).orElse(null));
  }

  /**
   * Checks a request against the limits of {@code route}, a route of this limiter that the
   * framework matched; null for a request that matched none.
   *
   * @throws IllegalArgumentException if the route is not one of this limiter's
   * @see #check(WebRequest)
   */
  public LimitedRequest check(WebRequest request, @Nullable Route route) {
    Objects.requireNonNull(request, "request");
    ResolvedRoute resolution = route == null ? unrouted : resolutionOf(route);
    if (!enabled || filtered(request)) {
      return LimitedRequest.unlimited(this, request, endpointOf(request, route));
    }
    proxyWarning.check(request);
    String endpoint = endpointOf(request, route);
    LimitedRequest limited = new LimitedRequest(this, request, endpoint, resolution.exemption);
    evaluate(limited, resolution.limitsFor(request.method()));
    return limited;
  }

  /**
   * Checks one call of a limited method (not a request) against the limits of {@code route}, with
   * the storage, strategy, key prefix, swallow-errors and in-memory fallback of requests, in one
   * storage round trip. The request filters and the request identifier, which describe requests, do
   * not apply: the call is counted under the route's endpoint.
   *
   * @param call what the route's key functions, conditions and costs read: the call and, if it
   *     happens during a request, that request
   * @return the call's limits; nothing needs finishing, as calls have no deduct-when limits
   * @throws RateLimitExceededException if the call breaches a limit; nothing was taken
   * @throws StorageException if the storage failed and neither errors are swallowed nor the
   *     in-memory fallback is enabled
   * @throws IllegalArgumentException if the route is not one of this limiter's
   */
  public LimitedRequest checkCall(WebRequest call, Route route) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(route, "route");
    ResolvedRoute resolution = resolutionOf(route);
    if (!enabled) {
      return LimitedRequest.unlimited(this, call, route.endpoint());
    }
    LimitedRequest limited = new LimitedRequest(this, call, route.endpoint(), resolution.exemption);
    evaluate(limited, resolution.limitsFor(call.method()));
    return limited;
  }

  /**
   * Checks a request before the framework has chosen its handler, as a servlet filter ahead of
   * Spring Security does: against the meta limits, the application limits and the limits of the
   * {@code routes} the request matched by path, in one batch, but not the default limits, which
   * belong to the handler. Each route's limits count under its own endpoint; the request's endpoint
   * is the first route's, and it is exempt from what any of them is exempt from. The handler's own
   * limits are checked later, on the same request, with {@link
   * LimitedRequest#checkHandler(WebRequest, Route)}, which counts nothing this check counted.
   *
   * @param routes the routes of this limiter the request matched by path, the most specific first
   * @return the request's limits, to be checked against its handler and finished
   * @throws IllegalArgumentException if {@code routes} is empty or holds a route that is not one of
   *     this limiter's
   * @throws RateLimitExceededException if the request breaches a limit; nothing was taken
   * @throws StorageException as {@link #check(WebRequest)}
   */
  public LimitedRequest checkBeforeHandler(WebRequest request, List<Route> routes) {
    return checkPaths(request, routes, null);
  }

  /**
   * Checks a request before its handler's limits, as {@link #checkBeforeHandler(WebRequest, List)},
   * for a framework that can tell the handler already: the {@code handler} route's exemption from
   * the application and meta limits (its own or its groups'), which this stage counts, applies.
   *
   * @param handler the route of the handler that will serve the request
   * @throws IllegalArgumentException if a route is not one of this limiter's
   */
  public LimitedRequest checkBeforeHandler(WebRequest request, List<Route> routes, Route handler) {
    return checkPaths(request, routes, Objects.requireNonNull(handler, "handler"));
  }

  /** The first stage, with the exemption of the {@code handler} route if it is known. */
  private LimitedRequest checkPaths(WebRequest request, List<Route> routes, Route handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(routes, "routes");
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("routes is empty: pass the routes the request matched");
    }
    List<ResolvedRoute> resolutions = new ArrayList<>(routes.size());
    Set<ExemptionScope> exemption = EnumSet.noneOf(ExemptionScope.class);
    for (Route route : routes) {
      ResolvedRoute resolution = resolutionOf(Objects.requireNonNull(route, "route"));
      resolutions.add(resolution);
      exemption.addAll(resolution.exemption);
    }
    if (handler != null) {
      // Only what this stage counts: the handler's own limits are its second stage's.
      for (ExemptionScope scope : resolutionOf(handler).exemption) {
        if (scope == ExemptionScope.APPLICATION || scope == ExemptionScope.META) {
          exemption.add(scope);
        }
      }
    }
    String endpoint = endpointOf(request, routes.get(0));
    boolean unlimited = !enabled || filtered(request);
    if (unlimited) {
      LimitedRequest limited = LimitedRequest.unlimited(this, request, endpoint);
      limited.checkedBeforeHandler(List.of());
      return limited;
    }
    proxyWarning.check(request);
    LimitedRequest limited = new LimitedRequest(this, request, endpoint, Set.copyOf(exemption));
    List<DeclaredLimit> limits = new ArrayList<>();
    Set<Limit> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < routes.size(); i++) {
      String routeEndpoint = endpointOf(request, routes.get(i));
      for (DeclaredLimit declared : resolutions.get(i).limitsFor(request.method())) {
        boolean application = declared.kind == DeclaredLimit.Kind.APPLICATION;
        if (declared.kind == DeclaredLimit.Kind.DEFAULT
            || (application && exemption.contains(ExemptionScope.APPLICATION))
            || !seen.add(declared.limit)) {
          continue;
        }
        limits.add(declared);
        if (!application) {
          limited.countUnder(declared, routeEndpoint);
        }
      }
    }
    limited.checkedBeforeHandler(limits);
    boolean withMeta = !metaLimits.isEmpty() && !exemption.contains(ExemptionScope.META);
    // An exempt path (every limit of it exempted) makes no storage call.
    if (withMeta || !limits.isEmpty()) {
      evaluate(limited, limits);
    }
    return limited;
  }

  /**
   * The second stage of a request that {@link #checkBeforeHandler} checked: the handler route's
   * limits that the first stage did not apply, without the application limits.
   */
  void checkHandler(LimitedRequest limited, WebRequest request, Route route) {
    ResolvedRoute resolution = route == null ? unrouted : resolutionOf(route);
    List<DeclaredLimit> limits = new ArrayList<>();
    for (DeclaredLimit declared : resolution.limitsFor(request.method())) {
      if (declared.kind != DeclaredLimit.Kind.APPLICATION
          && !limited.wasCheckedBeforeHandler(declared.limit)) {
        limits.add(declared);
      }
    }
    limited.continueWith(request, endpointOf(request, route), resolution.exemption);
    if (!limits.isEmpty()) {
      evaluate(limited, limits);
    }
  }

  private ResolvedRoute resolutionOf(Route route) {
    ResolvedRoute resolution = resolved.get(route);
    if (resolution == null) {
      throw new IllegalArgumentException(
          route + " is not a route of this limiter; add it with Limiter.Builder.route");
    }
    return resolution;
  }

  DeclaredLimit declareBlock(Limit limit) {
    return new DeclaredLimit(limit, DeclaredLimit.Kind.BLOCK, keyFunction, "block limit");
  }

  /** Returns the route serving {@code method} requests to {@code path}, the most specific first. */
  public Optional<Route> route(String method, String path) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    for (Route route : routesByPath) {
      if (route.matches(method, path)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** Returns the route named {@code endpoint}. */
  public Optional<Route> routeNamed(String endpoint) {
    return Optional.ofNullable(routesByEndpoint.get(Objects.requireNonNull(endpoint, "endpoint")));
  }

  /** Returns the routes of this limiter. */
  public List<Route> routes() {
    return routes;
  }

  /** Returns true if the limiter limits requests; a disabled limiter lets every request pass. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Returns the strategy. */
  public Strategy strategy() {
    return strategy;
  }

  /** Returns the storage, or empty if the limiter is disabled. */
  public Optional<Storage> storage() {
    return Optional.ofNullable(storage);
  }

  /** Returns true while the storage is down and requests are limited in memory. */
  public boolean isUsingFallback() {
    return guard != null && guard.fallbackEnabled() && guard.isDown();
  }

  /**
   * Returns true while the storage is down: a call to it failed and its health check has not passed
   * since, so requests do not call it.
   */
  public boolean isStorageDown() {
    return guard != null && guard.isDown();
  }

  /** Returns true if requests pass unlimited while the storage fails. */
  public boolean isSwallowingErrors() {
    return swallowErrors;
  }

  /** Returns true if requests are limited in memory while the storage fails. */
  public boolean hasInMemoryFallback() {
    return guard != null && guard.fallbackEnabled();
  }

  /**
   * Forgets every limit the storage holds (and the in-memory fallback's).
   *
   * @return how many keys were removed, or -1 if the storage cannot tell
   */
  public long reset() {
    if (fallbackStorage != null) {
      fallbackStorage.reset();
    }
    return storage == null ? 0 : storage.reset();
  }

  /** Closes the storage if the limiter created it (from a URI or in memory). */
  @Override
  public void close() {
    if (fallbackStorage != null) {
      fallbackStorage.close();
    }
    if (ownsStorage) {
      storage.close();
    }
  }

  /**
   * Returns the effective configuration, one entry per setting, with the storage's health checked
   * now. Secrets in the storage URI and options are masked.
   */
  public List<ConfigurationEntry> configuration() {
    List<ConfigurationEntry> entries = new ArrayList<>(settings);
    String status;
    if (storage == null) {
      status = "disabled";
    } else {
      boolean healthy;
      try {
        healthy = storage.isHealthy();
      } catch (RuntimeException e) {
        healthy = false;
      }
      status = healthy ? "OK" : "unreachable" + (isUsingFallback() ? " (limiting in memory)" : "");
    }
    // The live entries follow the storage's options, wherever the settings put those.
    int storageStatusIndex = entries.size();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).name().equals("storage-options")) {
        storageStatusIndex = i + 1;
        break;
      }
    }
    entries.add(
        storageStatusIndex,
        new ConfigurationEntry(
            "Storage",
            "instance",
            storage == null ? "None" : storage.unwrap().getClass().getSimpleName()));
    entries.add(
        storageStatusIndex + 1,
        new ConfigurationEntry(
            "Storage", "backend", storage == null ? "None" : storage.toString()));
    entries.add(storageStatusIndex + 2, new ConfigurationEntry("Storage", "status", status));
    return List.copyOf(entries);
  }

  /**
   * Returns the limits a query selects, with the status of the query's key against each when it
   * names one: what {@code limiter limits} shows. For a dynamic limit (a {@link LimitProvider}),
   * the key's status is shown against each limit the provider has given in this process that holds
   * counts of the key; a key not counted yet shows the dynamic limit without a status.
   *
   * @throws IllegalArgumentException if the query's endpoint or path matches no route
   * @throws StorageException if the query names a key and the storage cannot be read
   */
  public LimitsReport limits(LimitsQuery query) {
    return report(query, false);
  }

  /**
   * Forgets the counts of the query's key for the limits the query selects (every limit of every
   * route, or those of one endpoint, path or method); returns the limits cleared. Of a dynamic
   * limit, every limit its provider has given in this process is cleared, and only those that held
   * counts of the key are returned; a line {@code (dynamic) name: ...} says when none of them did
   * (the key's limit is then unknown here and not cleared) or when the limits remembered are at
   * their cap.
   *
   * @throws IllegalArgumentException if the query names no key, or its endpoint or path matches no
   *     route
   * @throws StorageException if the storage cannot be written
   */
  public LimitsReport clear(LimitsQuery query) {
    Objects.requireNonNull(query, "query");
    if (query.key == null) {
      throw new IllegalArgumentException("clearing limits needs the key of the client to clear");
    }
    return report(query, true);
  }

  private LimitsReport report(LimitsQuery query, boolean clear) {
    Objects.requireNonNull(query, "query");
    if (query.key != null && !enabled) {
      throw new IllegalStateException(
          "the limiter is disabled: it keeps no counts to show or clear");
    }
    List<Route> selected;
    if (query.endpoint != null) {
      Route route = routesByEndpoint.get(query.endpoint);
      if (route == null) {
        throw new IllegalArgumentException(query.endpoint + " not found");
      }
      selected = List.of(route);
    } else if (query.path != null) {
      String method = query.method != null ? query.method : "GET";
      selected =
          List.of(
              route(method, query.path)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              query.path + " could not be matched to an endpoint")));
    } else {
      selected = routes;
    }
    boolean everything = query.endpoint == null && query.path == null;
    List<LimitsReport.Line> meta = new ArrayList<>();
    List<LimitsReport.Line> application = new ArrayList<>();
    List<LimitsReport.Line> defaults = new ArrayList<>();
    if (everything) {
      lines(metaLimits, "", Set.of(), query, clear, meta);
      lines(applicationLimits, "", Set.of(), query, clear, application);
      if (query.key == null) {
        lines(defaultLimits, "", Set.of(), query, clear, defaults);
      }
    }
    // A limit that a route checked before the handler shares with handler routes is counted, and
    // listed, under that route only.
    Set<Limit> beforeHandler = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Route route : routes) {
      if (route.isCheckedBeforeHandler()) {
        beforeHandler.addAll(route.limits());
      }
    }
    List<LimitsReport.RouteLimits> routeLimits = new ArrayList<>();
    for (Route route : selected) {
      ResolvedRoute resolution = resolved.get(route);
      List<DeclaredLimit> own = new ArrayList<>();
      boolean anyListedElsewhere = false;
      for (DeclaredLimit declared : resolution.allLimits()) {
        boolean listedElsewhere =
            !route.isCheckedBeforeHandler() && beforeHandler.contains(declared.limit);
        anyListedElsewhere |= listedElsewhere;
        if (declared.kind != DeclaredLimit.Kind.APPLICATION && !listedElsewhere) {
          own.add(declared);
        }
      }
      if (everything && own.isEmpty() && anyListedElsewhere) {
        // Limited by a route checked before the handler only: listed there, not twice.
        continue;
      }
      List<LimitsReport.Line> lines = new ArrayList<>();
      lines(own, route.endpoint(), route.methods(), query, clear, lines);
      routeLimits.add(
          new LimitsReport.RouteLimits(
              route.endpoint(),
              route.path,
              route.methods(),
              route.group,
              !resolution.exemption.isEmpty() && lines.isEmpty(),
              lines));
    }
    return new LimitsReport(meta, application, defaults, routeLimits);
  }

  /** Adds a line per limit (and per method of a per-method limit), with the key's status. */
  private void lines(
      List<DeclaredLimit> limits,
      String endpoint,
      Set<String> routeMethods,
      LimitsQuery query,
      boolean clear,
      List<LimitsReport.Line> into) {
    for (DeclaredLimit declared : limits) {
      Limit limit = declared.limit;
      if (query.method != null && limit.isMethodExempt(query.method)) {
        continue;
      }
      String dynamic = null;
      List<RateLimitItem> items = limit.items();
      if (limit.isDynamic()) {
        // Shown by its provider's own description (an expression's text, a bean's name) if it
        // has one, else by where it is declared: a lambda's class name says nothing.
        dynamic =
            Settings.describesItself(limit.provider) ? limit.provider.toString() : declared.origin;
        if (query.key == null) {
          into.add(new LimitsReport.Line("(dynamic) " + dynamic, null, null, null));
          continue;
        }
        // Which of its limits a key is counted under is known only from the key's requests:
        // every limit the provider has given is looked up, and only those that hold counts of
        // the key are shown (and cleared).
        items = declared.seenItems();
      }
      List<String> methods = new ArrayList<>();
      if (!limit.isPerMethod()) {
        methods.add(null);
      } else if (query.method != null) {
        methods.add(query.method);
      } else if (!routeMethods.isEmpty()) {
        methods.addAll(new java.util.TreeSet<>(routeMethods));
      } else {
        methods.addAll(clear || dynamic != null ? COMMON_METHODS : List.of(PER_METHOD));
      }
      int before = into.size();
      for (RateLimitItem item : items) {
        for (String method : methods) {
          LimitsReport.Status status = null;
          boolean counted = query.key != null && !PER_METHOD.equals(method);
          if (counted) {
            String scope = scopeOf(declared, endpoint, method);
            String[] ids =
                keyPrefix.isEmpty()
                    ? new String[] {identity(query.key), scope}
                    : new String[] {keyPrefix, identity(query.key), scope};
            if (dynamic != null) {
              status = status(item, ids);
              if (status.remaining() >= item.amount()) {
                continue; // the key holds no count of this one of the provider's limits
              }
            }
            if (clear) {
              rateLimiter.clear(item, ids);
              status = null;
            } else if (status == null) {
              status = status(item, ids);
            }
          }
          String description =
              dynamic == null ? item.toString() : item + " (dynamic: " + dynamic + ")";
          into.add(new LimitsReport.Line(description, item, method, status));
        }
      }
      if (dynamic != null && !clear && into.size() == before) {
        into.add(new LimitsReport.Line("(dynamic) " + dynamic, null, null, null));
      }
      if (dynamic != null && clear) {
        unclearedDynamic(declared, dynamic, into.size() == before).ifPresent(into::add);
      }
    }
  }

  /**
   * What clearing a dynamic limit could not reach: the limits of it this instance has not seen (a
   * key is cleared only under limits its provider has given here, at most {@link
   * DeclaredLimit#MAX_SEEN_ITEMS} of them), so that the clearing does not pass for complete.
   */
  private static Optional<LimitsReport.Line> unclearedDynamic(
      DeclaredLimit declared, String dynamic, boolean noneCleared) {
    String full =
        "this instance remembers at most "
            + DeclaredLimit.MAX_SEEN_ITEMS
            + " of this provider's limits and has reached that: a limit beyond them is never"
            + " cleared here";
    if (noneCleared) {
      return Optional.of(
          new LimitsReport.Line(
              "(dynamic) "
                  + dynamic
                  + ": no dynamic limit of this key known on this instance: it is cleared only"
                  + " once this instance has counted it"
                  + (declared.seenFull() ? "; " + full : ""),
              null,
              null,
              null));
    }
    return declared.seenFull()
        ? Optional.of(new LimitsReport.Line("(dynamic) " + dynamic + ": " + full, null, null, null))
        : Optional.empty();
  }

  private LimitsReport.Status status(RateLimitItem item, String[] ids) {
    boolean passes = rateLimiter.test(item, 1, ids);
    io.github.limiter4j.WindowStats stats = rateLimiter.windowStats(item, ids);
    return new LimitsReport.Status(
        passes, stats.remaining(), item.amount(), stats.resetAtMillis(), item.keyFor(ids));
  }

  private boolean filtered(WebRequest request) {
    for (RequestCondition filter : requestFilters) {
      if (filter.test(request)) {
        return true;
      }
    }
    return false;
  }

  private String endpointOf(WebRequest request, Route route) {
    if (requestIdentifier != null) {
      String identified = requestIdentifier.apply(request);
      return identified == null ? "" : identified;
    }
    return route != null ? route.endpoint() : request.path();
  }

  /** Checks {@code limits} for the request, storing the outcome in {@code limited}. */
  void evaluate(LimitedRequest limited, List<DeclaredLimit> limits) {
    // After a failure the storage is not called until its health check passes: requests neither
    // wait for a hanging storage nor say anything about it.
    boolean down = guard.skipStorage();
    if (down && guard.fallbackEnabled()) {
      evaluateWith(limited, true, false, limits);
      return;
    }
    try {
      evaluateWith(limited, false, down, limits);
    } catch (StorageException e) {
      if (!down && guard.failed(e)) {
        evaluateWith(limited, true, false, limits);
      } else if (swallowErrors) {
        limited.clear();
      } else {
        throw e;
      }
    }
  }

  /**
   * Evaluates the request with the storage or in memory. While the storage is {@code down}, a
   * request that needs it fails at once; one without limits passes without calling it.
   */
  private void evaluateWith(
      LimitedRequest limited, boolean inMemory, boolean down, List<DeclaredLimit> limits) {
    WebRequest request = limited.request();
    RateLimiter limiter = inMemory ? fallbackLimiter : rateLimiter;
    // The fallback's own limits replace a request's limits; a request without any stays so.
    List<DeclaredLimit> applied =
        inMemory && !fallbackLimits.isEmpty() && !limits.isEmpty() ? fallbackLimits : limits;
    LimitedRequest.Stage stage = limited.stage();
    if (stage == LimitedRequest.Stage.AWAITING_HANDLER && applied == fallbackLimits) {
      limited.checkedBeforeHandler(fallbackLimits);
    } else if (stage == LimitedRequest.Stage.CHECKING_HANDLER && applied == fallbackLimits) {
      // The fallback's limits replace a request's limits once, not once per stage.
      List<DeclaredLimit> unchecked = new ArrayList<>();
      for (DeclaredLimit declared : fallbackLimits) {
        if (!limited.wasCheckedBeforeHandler(declared.limit)) {
          unchecked.add(declared);
        }
      }
      applied = unchecked;
    }

    boolean withMeta = !limited.exemption().contains(ExemptionScope.META);
    // The check before the handler tested the meta limits already; a limit's own meta limits stay.
    boolean withGlobalMeta = withMeta && stage != LimitedRequest.Stage.CHECKING_HANDLER;
    List<DeclaredLimit> metaDeclared =
        withGlobalMeta ? new ArrayList<>(metaLimits) : new ArrayList<>(0);
    List<PendingLimit> regular = new ArrayList<>(applied.size());
    for (DeclaredLimit declared : applied) {
      Limit limit = declared.limit;
      if (limit.isMethodExempt(request.method())) {
        continue;
      }
      if (limit.exemptWhen != null && limit.exemptWhen.test(request)) {
        continue;
      }
      expand(limiter, declared, limited, limit.deductWhen != null, regular);
      if (withMeta && declared.metaLimit != null) {
        metaDeclared.add(declared.metaLimit);
      }
    }
    regular.sort(BY_WINDOW);
    List<PendingLimit> meta = expandAll(limiter, metaDeclared, limited, true);

    List<Acquisition> acquisitions = new ArrayList<>(meta.size() + regular.size());
    for (PendingLimit pending : meta) {
      acquisitions.add(pending.acquisition());
    }
    for (PendingLimit pending : regular) {
      acquisitions.add(pending.acquisition());
    }
    if (acquisitions.isEmpty()) {
      limited.record(regular, List.of(), null);
      return;
    }
    if (down) {
      throw guard.unavailable();
    }
    AcquisitionResult result = limiter.acquire(acquisitions);

    int offset = meta.size();
    List<RequestLimit> views = new ArrayList<>(regular.size());
    for (int i = 0; i < regular.size(); i++) {
      views.add(regular.get(i).view(result, offset + i));
    }
    if (result.allowed()) {
      limited.record(regular, views, headerLimitOf(views));
      return;
    }
    for (int i = 0; i < meta.size(); i++) {
      if (result.breached(i)) {
        breachMeta(limited, meta.get(i).view(result, i));
      }
    }
    breach(limited, limiter, regular, views);
  }

  /**
   * Expands meta limits once each: several limits may name the same meta limit, which counts a
   * request once.
   */
  private List<PendingLimit> expandAll(
      RateLimiter limiter, List<DeclaredLimit> declared, LimitedRequest limited, boolean testOnly) {
    if (declared.isEmpty()) {
      return List.of();
    }
    List<PendingLimit> expanded = new ArrayList<>();
    for (DeclaredLimit each : declared) {
      expand(limiter, each, limited, testOnly, expanded);
    }
    Set<String> keys = new java.util.HashSet<>();
    expanded.removeIf(pending -> !keys.add(pending.key));
    return expanded;
  }

  /** Adds the items of {@code declared} that apply to the request to {@code into}. */
  private void expand(
      RateLimiter limiter,
      DeclaredLimit declared,
      LimitedRequest limited,
      boolean testOnly,
      List<PendingLimit> into) {
    WebRequest request = limited.request();
    List<RateLimitItem> items = declared.itemsFor(request);
    if (items.isEmpty()) {
      return;
    }
    String scope = scopeOf(declared, limited.endpointOf(declared), request.method());
    // An empty scope skips the limit before its key is asked for: nothing to refuse then.
    String key = scope.isEmpty() ? null : keyOf(declared, request, items.get(0), scope);
    if (key == null || key.isEmpty()) {
      LOG.debug("Skipping {}: the key or scope of the request is empty", declared);
      return;
    }
    long cost = declared.costFor(request);
    for (int i = 0; i < items.size(); i++) {
      RateLimitItem item = items.get(i);
      long taken =
          declared.checkedPerRequest ? bounds.costToTake(limiter, declared, item, cost) : cost;
      if (taken == StorageBounds.SKIP) {
        continue;
      }
      String storageKey =
          keyPrefix.isEmpty()
              ? item.keyFor(identity(key), scope)
              : item.keyFor(keyPrefix, identity(key), scope);
      into.add(
          new PendingLimit(
              limiter,
              declared,
              item,
              storageKey,
              taken,
              testOnly,
              declared.description(request, item, i)));
    }
  }

  /**
   * The key the request is counted under for {@code declared}: its key function's, else what the
   * limit's (or the limiter's) {@link MissingKey} choice gives; null leaves the request uncounted.
   *
   * @throws RateLimitExceededException if the request has no key and the choice is to refuse it
   */
  private String keyOf(
      DeclaredLimit declared, WebRequest request, RateLimitItem item, String scope) {
    String key = declared.keyFunction.key(request);
    if (key != null && !key.isEmpty()) {
      return key;
    }
    MissingKey choice = declared.limit.missingKey != null ? declared.limit.missingKey : missingKey;
    if (choice.refuses()) {
      String description = "A key is required for " + scope + " (" + item + ")";
      throw RateLimitExceededException.keyMissing(
          new RequestLimit(
              item,
              "",
              true,
              declared.limit.isShared(),
              0,
              timeSource.currentTimeMillis(),
              description),
          choice.status());
    }
    return choice.keyFor(request);
  }

  /**
   * The client key as it appears in storage keys: in braces for a storage that groups keys by hash
   * tag (a Redis Cluster), so that all of a client's keys share a node.
   */
  private String identity(String key) {
    return hashTagKeys ? "{" + key + "}" : key;
  }

  /** The scope of a limit in its storage key: Flask-Limiter's {@code scope_for}. */
  private static String scopeOf(DeclaredLimit declared, String endpoint, String method) {
    Limit limit = declared.limit;
    String scope = limit.scopeFor(endpoint);
    String result;
    if (scope != null && !scope.isEmpty()) {
      result = limit.isShared() ? scope : endpoint + ":" + scope;
    } else {
      result = endpoint;
    }
    return limit.isPerMethod() ? result + ":" + method : result;
  }

  /** The limit whose state the headers show when no limit was breached. */
  static RequestLimit headerLimitOf(List<RequestLimit> views) {
    for (RequestLimit view : views) {
      if (!view.shared()) {
        return view;
      }
    }
    return views.isEmpty() ? null : views.get(0);
  }

  private void breachMeta(LimitedRequest limited, RequestLimit breached) {
    limited.record(List.of(), List.of(breached), breached);
    BreachResponse response = null;
    if (onMetaBreach != null) {
      response = callHandler(onMetaBreach, breached, limited.request(), null);
    }
    throw exceeded(limited, breached, List.of(breached), response);
  }

  private void breach(
      LimitedRequest limited,
      RateLimiter limiter,
      List<PendingLimit> regular,
      List<RequestLimit> views) {
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      if (views.get(i).breached()) {
        failed.add(i);
        if (failOnFirstBreach) {
          break;
        }
      }
    }
    // Flask-Limiter shows the last limit it found breached: the only one when failing on the first.
    RequestLimit headerLimit = views.get(failed.get(failed.size() - 1));
    limited.record(regular, views, headerLimit);

    BreachResponse response = null;
    List<Acquisition> metaHits = new ArrayList<>();
    List<RequestLimit> breached = new ArrayList<>();
    List<DeclaredLimit> metaDeclared = new ArrayList<>();
    if (!limited.exemption().contains(ExemptionScope.META)) {
      metaDeclared.addAll(metaLimits);
    }
    for (int index : failed) {
      RequestLimit view = views.get(index);
      breached.add(view);
      PendingLimit pending = regular.get(index);
      for (BreachHandler handler : handlersOf(pending.declared.limit)) {
        response = callHandler(handler, view, limited.request(), response);
      }
      if (pending.declared.metaLimit != null) {
        metaDeclared.add(pending.declared.metaLimit);
      }
    }
    for (PendingLimit pending : expandAll(limiter, metaDeclared, limited, false)) {
      metaHits.add(pending.acquisition());
    }
    hitMetaLimits(limiter, metaHits);
    throw exceeded(limited, breached.get(0), breached, response);
  }

  private List<BreachHandler> handlersOf(Limit limit) {
    List<BreachHandler> handlers = new ArrayList<>(2);
    if (onBreach != null) {
      handlers.add(onBreach);
    }
    if (limit.onBreach != null && limit.onBreach != onBreach) {
      handlers.add(limit.onBreach);
    }
    return handlers;
  }

  private BreachResponse callHandler(
      BreachHandler handler, RequestLimit limit, WebRequest request, BreachResponse previous) {
    try {
      Optional<BreachResponse> answer = handler.onBreach(limit, request);
      return answer != null && answer.isPresent() ? answer.get() : previous;
    } catch (RuntimeException e) {
      if (!swallowErrors) {
        throw e;
      }
      LOG.error("The breach handler {} failed", handler, e);
      return previous;
    }
  }

  private static void hitMetaLimits(RateLimiter limiter, List<Acquisition> hits) {
    for (Acquisition hit : hits) {
      // Each meta limit counts the breach on its own; one that is full stays full.
      limiter.acquire(List.of(hit));
    }
  }

  private RateLimitExceededException exceeded(
      LimitedRequest limited,
      RequestLimit limit,
      List<RequestLimit> breached,
      BreachResponse response) {
    long now = timeSource.currentTimeMillis();
    long retryAt = now;
    for (RequestLimit each : breached) {
      retryAt = Math.max(retryAt, each.resetAtMillis());
    }
    Map<String, String> values =
        headers.enabled() && limited.headerLimit() != null
            ? headers.values(limited.headerLimit(), limited.currentLimits(), null, now)
            : Map.of();
    // A window admits again one millisecond after its reset time, which is still inside it.
    return new RateLimitExceededException(
        limit, values, response, Headers.secondsUntil(retryAt + 1, now));
  }

  /** Takes the costs of deduct-when limits whose condition holds for the response. */
  void deduct(LimitedRequest limited, WebResponse response) {
    if (limited.pending().isEmpty()) {
      return;
    }
    List<PendingLimit> deductions = new ArrayList<>();
    for (PendingLimit pending : limited.pending()) {
      ResponseCondition condition = pending.declared.limit.deductWhen;
      if (pending.testOnly && condition != null && condition.test(limited.request(), response)) {
        deductions.add(pending);
      }
    }
    if (deductions.isEmpty()) {
      return;
    }
    if (deductions.stream().anyMatch(pending -> pending.limiter == rateLimiter) && guard.isDown()) {
      // Not called while down, as a request is not; with the fallback, requests are limited in
      // memory meanwhile, and a deduction after the response has nothing left to refuse.
      if (swallowErrors || guard.fallbackEnabled()) {
        deductions.removeIf(pending -> pending.limiter == rateLimiter);
      } else {
        throw guard.unavailable();
      }
    }
    try {
      for (PendingLimit pending : deductions) {
        // Charged one by one: after the response there is nothing left to refuse.
        AcquisitionResult result =
            pending.limiter.acquire(
                List.of(new Acquisition(pending.item, pending.key, pending.cost)));
        limited.update(pending, pending.view(result, 0));
      }
    } catch (StorageException e) {
      boolean inMemoryFromNowOn = guard.failed(e);
      if (!swallowErrors && !inMemoryFromNowOn) {
        throw e;
      }
    }
  }

  Headers headers() {
    return headers;
  }

  TimeSource timeSource() {
    return timeSource;
  }

  @Override
  public String toString() {
    return "Limiter{" + (enabled ? strategy + " on " + storage : "disabled") + "}";
  }

  /** One item of a limit that a request is about to be counted against. */
  static final class PendingLimit {
    // The storage this was tested in: a deduction goes there, also when the next stage of the
    // request used the other one (the storage, then the in-memory fallback).
    final RateLimiter limiter;
    final DeclaredLimit declared;
    final RateLimitItem item;
    final String key;
    final long cost;
    final boolean testOnly;
    final String description;

    PendingLimit(
        RateLimiter limiter,
        DeclaredLimit declared,
        RateLimitItem item,
        String key,
        long cost,
        boolean testOnly,
        String description) {
      this.limiter = limiter;
      this.declared = declared;
      this.item = item;
      this.key = key;
      this.cost = cost;
      this.testOnly = testOnly;
      this.description = description;
    }

    Acquisition acquisition() {
      Acquisition acquisition = new Acquisition(item, key, cost);
      return testOnly ? acquisition.asTest() : acquisition;
    }

    RequestLimit view(AcquisitionResult result, int index) {
      return new RequestLimit(
          item,
          key,
          result.breached(index),
          declared.limit.isShared(),
          result.remaining(index),
          result.resetAtMillis(index),
          description);
    }
  }

  /**
   * Builds a {@link Limiter}. Reusable: {@link #build()} may be called several times, and each
   * limiter keeps what the builder held when it was built.
   */
  public static final class Builder {
    boolean enabled = true;
    KeyFunction keyFunction = KeyFunction.remoteAddress();
    MissingKey missingKey = MissingKey.clientAddress();
    String keyPrefix = "";
    Strategy strategy = Strategy.FIXED_WINDOW;
    Storage storage;
    String storageUri;
    String storageDescription;
    final Map<String, Object> storageOptions = new LinkedHashMap<>();
    TimeSource timeSource = TimeSource.system();
    final List<Limit> defaultLimits = new ArrayList<>();
    final List<Limit> applicationLimits = new ArrayList<>();
    final List<Limit> metaLimits = new ArrayList<>();
    final List<String> fallbackNotations = new ArrayList<>();
    boolean inMemoryFallbackEnabled;
    boolean headersEnabled;
    final Map<RateLimitHeader, String> headerNames = new EnumMap<>(RateLimitHeader.class);
    RetryAfterFormat retryAfter = RetryAfterFormat.DELTA_SECONDS;
    boolean ietfHeaders;
    boolean swallowErrors;
    boolean failOnFirstBreach = true;
    BreachHandler onBreach;
    BreachHandler onMetaBreach;
    Function<WebRequest, String> requestIdentifier;
    final List<RequestCondition> requestFilters = new ArrayList<>();
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Map<String, RouteGroup> groups = new LinkedHashMap<>();
    // The storage of the limiter this builder was made from by toBuilder(): used, never owned.
    @Nullable Storage inheritedStorage;

    private Builder() {
      for (RateLimitHeader header : RateLimitHeader.values()) {
        headerNames.put(header, header.defaultName());
      }
    }

    /** Turns the limiter on (the default) or off; a disabled limiter touches no storage. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Counts requests by this key function; by default the client's remote address. */
    public Builder keyFunction(KeyFunction keyFunction) {
      this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
      return this;
    }

    /**
     * Says what limits do with a request whose key function gives no key (null or empty), unless a
     * limit says otherwise: by default {@link MissingKey#clientAddress()}, so that leaving a key
     * out does not leave a client unlimited.
     */
    public Builder missingKey(MissingKey missingKey) {
      this.missingKey = Objects.requireNonNull(missingKey, "missingKey");
      return this;
    }

    /**
     * Puts {@code prefix} in every storage key, so that several applications can share one storage
     * without sharing counters.
     */
    public Builder keyPrefix(String prefix) {
      this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Uses this strategy; by default the fixed window. */
    public Builder strategy(Strategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Uses the strategy of this name: {@code fixed-window}, {@code moving-window} or {@code
     * sliding-window-counter}.
     *
     * @throws IllegalArgumentException if the name is not a strategy's
     */
    public Builder strategy(String name) {
      return strategy(Strategy.fromName(name));
    }

    /** Counts in this storage, which the caller keeps and closes. */
    public Builder storage(Storage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
      this.storageUri = null;
      this.storageDescription = null;
      this.inheritedStorage = null;
      return this;
    }

    /**
     * Counts in this storage, which the caller made from {@code uri} and keeps and closes; the
     * configuration shows the URI (its secrets masked).
     */
    public Builder storage(Storage storage, String uri) {
      storage(storage);
      this.storageDescription = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /**
     * Counts in the storage of this URI, such as {@code memory://} or {@code redis://host:6379};
     * the limiter opens it when built and closes it when closed. Without a storage the limiter
     * counts in memory.
     */
    public Builder storageUri(String uri) {
      this.storageUri = Objects.requireNonNull(uri, "uri");
      this.storage = null;
      this.inheritedStorage = null;
      return this;
    }

    /** Adds options for the storage of the URI; they override options in the URI's query. */
    public Builder storageOptions(Map<String, ?> options) {
      Objects.requireNonNull(options, "options").forEach(this::storageOption);
      return this;
    }

    /** Adds one option for the storage of the URI. */
    public Builder storageOption(String name, Object value) {
      storageOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Reads time from this source: for the in-memory storage, headers and the fallback. */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Adds default limits: the limits of every route that declares none of its own, each request
     * counted under its route. A shortcut for {@code defaultLimit(Limit.of(notation))}.
     *
     * @throws IllegalArgumentException if the notation does not parse
     */
    public Builder defaultLimits(String notation) {
      return defaultLimit(declared(notation, "default limits"));
    }

    /**
     * Adds a default limit declared with its own options: Flask-Limiter's {@code default_limits}
     * with {@code _per_method}, {@code _exempt_when}, {@code _deduct_when} and {@code _cost}, given
     * as {@link Limit.Builder#perMethod(boolean) perMethod}, {@link
     * Limit.Builder#exemptWhen(RequestCondition) exemptWhen}, {@link
     * Limit.Builder#deductWhen(ResponseCondition) deductWhen} and {@link Limit.Builder#cost(long)
     * cost} on the limit:
     *
     * <pre>{@code
     * builder.defaultLimit(Limit.builder("10/minute").perMethod(true).cost(2).build());
     * }</pre>
     *
     * <p>Every option of the limit applies as it does on a route (a {@link
     * Limit.Builder#scope(String) scope} divides the route's counter, {@link
     * Limit.Builder#methods(String...) methods} restrict the limit to those methods), except two
     * that have no meaning here and that {@link #build()} refuses: {@link
     * Limit.Builder#shared(String) shared}, since a default limit counts under the route it applies
     * to (an {@link #applicationLimit(Limit) application limit} counts across routes), and {@link
     * Limit.Builder#overrideDefaults(boolean) overrideDefaults(false)}, which only limits of routes
     * and groups can do.
     */
    public Builder defaultLimit(Limit limit) {
      defaultLimits.add(Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Adds application limits: limits that every request counts against together, whatever its
     * route (scope {@code global}). A shortcut for {@code applicationLimit(Limit.of(notation))}.
     *
     * @throws IllegalArgumentException if the notation does not parse
     */
    public Builder applicationLimits(String notation) {
      return applicationLimit(declared(notation, "application limits"));
    }

    /**
     * Adds an application limit declared with its own options, as {@link #defaultLimit(Limit)} does
     * for default limits. An application limit is always shared: every request counts under its
     * {@link Limit.Builder#scope(String) scope}, {@code global} unless the limit names another (two
     * application limits of different scopes count apart). {@link #build()} refuses {@link
     * Limit.Builder#overrideDefaults(boolean) overrideDefaults(false)}, which only limits of routes
     * and groups can do.
     */
    public Builder applicationLimit(Limit limit) {
      applicationLimits.add(Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Adds meta limits: how often a client may breach any limit, such as {@code "2/minute"}. A
     * client over a meta limit is refused on every route but those exempt from meta limits.
     *
     * @throws IllegalArgumentException if the notation does not parse
     */
    public Builder metaLimits(String notation) {
      return metaLimit(Limit.of(parsed(notation, "meta limits")));
    }

    /** Adds a meta limit declared with its own options (key function, scope). */
    public Builder metaLimit(Limit limit) {
      metaLimits.add(Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /** Sends the rate limit headers on every limited response; off by default. */
    public Builder headersEnabled(boolean enabled) {
      this.headersEnabled = enabled;
      return this;
    }

    /**
     * Renames one of the rate limit headers.
     *
     * @throws IllegalArgumentException if the name is blank or not an HTTP token
     */
    public Builder headerName(RateLimitHeader header, String name) {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the name of header " + header + " must not be blank");
      }
      headerNames.put(header, HttpTokens.requireToken(name, "the name of header " + header));
      return this;
    }

    /** Gives {@code Retry-After} in this format; by default in seconds. */
    public Builder retryAfter(RetryAfterFormat format) {
      this.retryAfter = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Also sends the IETF {@code RateLimit-Policy} and {@code RateLimit} fields
     * (draft-ietf-httpapi-ratelimit-headers) when headers are enabled.
     */
    public Builder ietfHeaders(boolean enabled) {
      this.ietfHeaders = enabled;
      return this;
    }

    /**
     * Lets requests through, logging once per outage, when the storage fails; by default the
     * storage's exception reaches the application.
     */
    public Builder swallowErrors(boolean swallow) {
      this.swallowErrors = swallow;
      return this;
    }

    /**
     * Limits in memory while the storage is down, with the same limits, and returns to the storage
     * when its health check passes.
     */
    public Builder inMemoryFallbackEnabled(boolean enabled) {
      this.inMemoryFallbackEnabled = enabled;
      return this;
    }

    /**
     * Limits in memory with these limits, instead of the usual ones, while the storage is down.
     * Enables the fallback.
     *
     * @throws IllegalArgumentException if the notation does not parse
     */
    public Builder inMemoryFallback(String notation) {
      fallbackNotations.add(parsed(notation, "in-memory fallback limits"));
      return this;
    }

    /**
     * Whether a breach is reported at the first breached limit (the default) or with every limit
     * the request breached (each one's breach handler is called). Either way a refused request
     * takes nothing.
     */
    public Builder failOnFirstBreach(boolean failOnFirstBreach) {
      this.failOnFirstBreach = failOnFirstBreach;
      return this;
    }

    /** Calls {@code handler} on every breach, before the breached limit's own handler. */
    public Builder onBreach(BreachHandler handler) {
      this.onBreach = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Calls {@code handler} when a client is refused by a meta limit. */
    public Builder onMetaBreach(BreachHandler handler) {
      this.onMetaBreach = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Identifies the endpoint of a request by this function instead of its route's name (or its
     * path when it matches no route). The identity is the scope of non-shared limits.
     */
    public Builder requestIdentifier(Function<WebRequest, String> identifier) {
      this.requestIdentifier = Objects.requireNonNull(identifier, "identifier");
      return this;
    }

    /** Lets requests that meet {@code filter} pass without any limit. */
    public Builder requestFilter(RequestCondition filter) {
      requestFilters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Adds a route.
     *
     * @throws IllegalArgumentException if a route of the same name was added
     */
    public Builder route(Route route) {
      Objects.requireNonNull(route, "route");
      if (routes.putIfAbsent(route.endpoint(), route) != null) {
        throw new IllegalArgumentException("two routes are named " + route.endpoint());
      }
      return this;
    }

    /** Adds routes. */
    public Builder routes(Collection<Route> routes) {
      Objects.requireNonNull(routes, "routes").forEach(this::route);
      return this;
    }

    /**
     * Adds a route group.
     *
     * @throws IllegalArgumentException if a group of the same name was added
     */
    public Builder group(RouteGroup group) {
      Objects.requireNonNull(group, "group");
      if (groups.putIfAbsent(group.name(), group) != null) {
        throw new IllegalArgumentException("two route groups are named " + group.name());
      }
      return this;
    }

    /**
     * Returns the limiter, opening its storage.
     *
     * @throws IllegalArgumentException if the storage URI is malformed or its storage does not
     *     support the strategy
     * @throws UnsupportedLimitException if the storage cannot hold a static limit with its static
     *     cost (a moving window longer than the backend logs, say), naming the limit, where it was
     *     declared and the storage
     * @throws StorageException if the storage cannot be opened
     */
    public Limiter build() {
      requireMeaningful();
      // A snapshot: what the builder is told afterwards does not reach this limiter.
      return new Limiter(copy());
    }

    List<Limit> defaultLimits() {
      return List.copyOf(defaultLimits);
    }

    List<Limit> applicationLimits() {
      List<Limit> all = new ArrayList<>();
      for (Limit limit : applicationLimits) {
        all.add(limit.withScope("global", true));
      }
      return all;
    }

    List<Limit> metaLimits() {
      List<Limit> all = new ArrayList<>();
      for (Limit limit : metaLimits) {
        all.add(limit.withScope("meta", true));
      }
      return all;
    }

    List<Limit> fallbackLimits() {
      List<Limit> all = new ArrayList<>();
      for (String notation : fallbackNotations) {
        all.add(Limit.of(notation));
      }
      return all;
    }

    private static String parsed(String notation, String what) {
      Objects.requireNonNull(notation, what);
      try {
        RateLimitItem.parseAll(notation);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
      }
      return notation;
    }

    private static Limit declared(String notation, String what) {
      return Limit.of(parsed(notation, what));
    }

    /**
     * Refuses the options of a default or application limit that have no meaning there, naming the
     * option and the limit: silently ignored, they would count other than the user meant.
     */
    private void requireMeaningful() {
      for (Limit limit : defaultLimits) {
        if (limit.isShared()) {
          throw new IllegalArgumentException(
              "default limit "
                  + limit
                  + ": shared has no meaning for a default limit, which counts under the route it"
                  + " applies to; declare it with applicationLimit(Limit) to count across routes");
        }
        requireNoOverride(limit, "default limit");
      }
      for (Limit limit : applicationLimits) {
        requireNoOverride(limit, "application limit");
      }
    }

    private static void requireNoOverride(Limit limit, String what) {
      if (!limit.overridesDefaults()) {
        throw new IllegalArgumentException(
            what
                + " "
                + limit
                + ": overrideDefaults(false) has no meaning for a "
                + what
                + "; only the limits of routes and route groups replace or add to the defaults");
      }
    }

    /** Returns a builder holding what this one holds, whose changes do not reach this one. */
    Builder copy() {
      Builder copy = new Builder();
      copy.enabled = enabled;
      copy.keyFunction = keyFunction;
      copy.missingKey = missingKey;
      copy.keyPrefix = keyPrefix;
      copy.strategy = strategy;
      copy.storage = storage;
      copy.storageUri = storageUri;
      copy.storageDescription = storageDescription;
      copy.inheritedStorage = inheritedStorage;
      copy.storageOptions.putAll(storageOptions);
      copy.timeSource = timeSource;
      copy.defaultLimits.addAll(defaultLimits);
      copy.applicationLimits.addAll(applicationLimits);
      copy.metaLimits.addAll(metaLimits);
      copy.fallbackNotations.addAll(fallbackNotations);
      copy.inMemoryFallbackEnabled = inMemoryFallbackEnabled;
      copy.headersEnabled = headersEnabled;
      copy.headerNames.putAll(headerNames);
      copy.retryAfter = retryAfter;
      copy.ietfHeaders = ietfHeaders;
      copy.swallowErrors = swallowErrors;
      copy.failOnFirstBreach = failOnFirstBreach;
      copy.onBreach = onBreach;
      copy.onMetaBreach = onMetaBreach;
      copy.requestIdentifier = requestIdentifier;
      copy.requestFilters.addAll(requestFilters);
      copy.routes.putAll(routes);
      copy.groups.putAll(groups);
      return copy;
    }
  }
}
