package io.github.limiter4j.spring.boot;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Names the endpoint of each handler method. The name is the scope of the route's storage keys, so
 * it depends only on the handler's own controller, never on what else the application has: adding
 * code elsewhere never renames an endpoint (which would reset its counters).
 *
 * <ul>
 *   <li>the mapping's {@code name} ({@code @GetMapping(path = "/", name = "root")}) if the handler
 *       method's own mapping declares one; under a named class-level mapping it is the name Spring
 *       combines, {@code users#root}; two mappings of one name fail start-up, naming both methods;
 *   <li>else the controller's class name and the method's name: {@code com.example.Views.slow};
 *   <li>for handler methods that a controller overloads, with the simple names of the parameter
 *       types: {@code com.example.Views.search(String,int)}.
 * </ul>
 */
final class EndpointNames {
  private EndpointNames() {}

  /** Returns the endpoint name of every handler. */
  static Map<HandlerRoutes.Handler, String> of(
      Map<HandlerRoutes.Handler, RequestMappingInfo> handlers) {
    // Overloads are counted within one controller only, so other controllers cannot matter.
    Map<HandlerRoutes.Handler, String> explicitNames = new HashMap<>();
    Map<String, Integer> overloads = new HashMap<>();
    for (Map.Entry<HandlerRoutes.Handler, RequestMappingInfo> handler : handlers.entrySet()) {
      String explicit = explicitName(handler.getKey(), handler.getValue());
      if (explicit != null) {
        explicitNames.put(handler.getKey(), explicit);
      } else {
        overloads.merge(generated(handler.getKey(), false), 1, Integer::sum);
      }
    }
    Map<HandlerRoutes.Handler, String> names = new LinkedHashMap<>();
    Map<String, HandlerRoutes.Handler> named = new HashMap<>();
    for (HandlerRoutes.Handler key : handlers.keySet()) {
      String name = explicitNames.get(key);
      if (name == null) {
        String plain = generated(key, false);
        name = overloads.get(plain) > 1 ? generated(key, true) : plain;
      }
      HandlerRoutes.Handler earlier = named.putIfAbsent(name, key);
      if (earlier != null) {
        throw new InvalidRateLimitException(
            "the endpoint of " + describe(key.type(), key.method()),
            name,
            "is also the endpoint of "
                + describe(earlier.type(), earlier.method())
                + "; endpoint names are the scopes of the storage keys, so each must be unique:"
                + " give one mapping another name",
            null);
      }
      names.put(key, name);
    }
    return names;
  }

  /**
   * Returns the endpoint name of every limited bean method that is not a handler: its class's name
   * and its name, {@code com.example.Reports.daily}, with the simple names of the parameter types
   * for methods a class overloads, {@code com.example.Reports.find(String,int)}.
   */
  static Map<HandlerRoutes.Handler, String> ofCalls(
      java.util.Collection<HandlerRoutes.Handler> calls) {
    Map<String, Integer> overloads = new HashMap<>();
    for (HandlerRoutes.Handler call : calls) {
      overloads.merge(generated(call, false), 1, Integer::sum);
    }
    Map<HandlerRoutes.Handler, String> names = new LinkedHashMap<>();
    for (HandlerRoutes.Handler call : calls) {
      String plain = generated(call, false);
      names.put(call, overloads.get(plain) > 1 ? generated(call, true) : plain);
    }
    return names;
  }

  /** Names a handler method in messages: {@code DemoController.slow()}. */
  static String describe(Class<?> controller, Method method) {
    return ClassUtils.getShortName(controller) + "." + method.getName() + "()";
  }

  private static String explicitName(HandlerRoutes.Handler handler, RequestMappingInfo info) {
    // Spring gives every method the class-level mapping's name when the method has none of its
    // own, so only a name the method declares (or a mapping registered without annotations) names
    // the endpoint.
    RequestMapping own =
        AnnotatedElementUtils.findMergedAnnotation(handler.method(), RequestMapping.class);
    if (own != null && own.name().isBlank()) {
      return null;
    }
    String name = info.getName();
    return name != null && !name.isBlank() ? name : null;
  }

  private static String generated(HandlerRoutes.Handler handler, boolean withParameters) {
    Class<?> type = handler.type();
    String className = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
    String name = className + "." + handler.method().getName();
    if (!withParameters) {
      return name;
    }
    StringJoiner parameters = new StringJoiner(",", "(", ")");
    for (Class<?> parameter : handler.method().getParameterTypes()) {
      parameters.add(parameter.getSimpleName());
    }
    return name + parameters;
  }
}
