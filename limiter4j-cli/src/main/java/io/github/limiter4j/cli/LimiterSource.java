package io.github.limiter4j.cli;

import io.github.limiter4j.web.Introspection;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.LimitsQuery;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the {@code limiter} command reads a limiter's configuration and limits: the limiter of the
 * running process, or a running application's Actuator endpoint {@code ratelimits}. Answers are the
 * maps of {@link Introspection}.
 */
public interface LimiterSource {
  /** Returns the configuration: {@code {"settings": [...]}}. */
  Map<String, Object> configuration();

  /**
   * Returns the limits the query selects, with the key's status if it names one.
   *
   * @throws IllegalArgumentException if the query matches no route, with the message to show
   */
  Map<String, Object> limits(LimitsQuery query);

  /**
   * Clears the query's key for the limits it selects; returns what was cleared.
   *
   * @throws IllegalArgumentException if the query matches no route, with the message to show
   */
  Map<String, Object> clear(LimitsQuery query);

  /** Returns the limiter of this process, in an application named {@code name}. */
  static LimiterSource of(Limiter limiter, String name) {
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(name, "name");
    return new LimiterSource() {
      @Override
      public Map<String, Object> configuration() {
        return named(Introspection.configuration(limiter));
      }

      @Override
      public Map<String, Object> limits(LimitsQuery query) {
        return named(Introspection.limits(limiter, query));
      }

      @Override
      public Map<String, Object> clear(LimitsQuery query) {
        return named(Introspection.clear(limiter, query));
      }

      private Map<String, Object> named(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>(map);
        result.put("name", name);
        return result;
      }
    };
  }

  /**
   * Returns the Actuator endpoint at {@code url}, such as {@code
   * http://localhost:8080/actuator/ratelimits}; a user and password in the URL are sent with HTTP
   * basic authentication.
   */
  static LimiterSource remote(URI url) {
    Objects.requireNonNull(url, "url");
    return new RemoteSource(url, Credentials.of(url, null, null, null, Map.of()));
  }
}
