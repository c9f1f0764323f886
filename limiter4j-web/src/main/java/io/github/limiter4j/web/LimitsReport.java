package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The limits of a limiter as the {@code limiter limits} command and the Actuator endpoint show
 * them: meta limits, application limits, the default limits of requests that match no route, and
 * each route's limits, with a client's status against each when the query names a key.
 *
 * @param metaLimits the meta limits
 * @param applicationLimits the application limits
 * @param defaultLimits what a request that matches no route is counted against
 * @param routes each route's limits, besides the application and meta limits
 */
public record LimitsReport(
    List<Line> metaLimits,
    List<Line> applicationLimits,
    List<Line> defaultLimits,
    List<RouteLimits> routes) {
  /** Copies the lists. */
  public LimitsReport {
    metaLimits = List.copyOf(metaLimits);
    applicationLimits = List.copyOf(applicationLimits);
    defaultLimits = List.copyOf(defaultLimits);
    routes = List.copyOf(routes);
  }

  /**
   * One route and its limits. A report is data that the Actuator endpoint and the CLI render as
   * JSON, so its absent parts are null components (marked {@code @Nullable}), not {@code Optional}.
   *
   * @param endpoint the route's name
   * @param path its path pattern, or null
   * @param methods its methods, empty for every method
   * @param group its group chain, or null
   * @param exempt true if the route is exempt and has no limits left
   * @param limits its limits, besides the application and meta limits
   */
  public record RouteLimits(
      String endpoint,
      @Nullable String path,
      Set<String> methods,
      @Nullable String group,
      boolean exempt,
      List<Line> limits) {
    /** Copies the collections. */
    public RouteLimits {
      Objects.requireNonNull(endpoint, "endpoint");
      methods = Set.copyOf(methods);
      limits = List.copyOf(limits);
    }

    /** Returns {@code endpoint: path}, or the endpoint alone. */
    @Override
    public String toString() {
      return path == null ? endpoint : endpoint + ": " + path;
    }
  }

  /**
   * One limit, for one method if it is counted per method.
   *
   * @param description the notation, such as {@code 5 per 1 second}; {@code (dynamic) name} for a
   *     dynamic limit, or {@code 10 per 1 minute (dynamic: name)} for one of its limits that the
   *     query's key is counted under; in what was cleared, {@code (dynamic) name: ...} says what
   *     clearing a dynamic limit could not reach (no limit of it known to hold counts of the key on
   *     this instance, or its remembered limits at their cap)
   * @param item the limit, or null for the line of a dynamic limit as a whole
   * @param method the method of a per-method limit, or null
   * @param status the query key's status, or null without a key, for a dynamic limit as a whole and
   *     for what was cleared
   */
  public record Line(
      String description,
      @Nullable RateLimitItem item,
      @Nullable String method,
      @Nullable Status status) {
    /** Checks the description. */
    public Line {
      Objects.requireNonNull(description, "description");
    }

    /**
     * Returns the line as the CLI prints it: {@code 5 per 1 second (GET): Pass (4 out of 5
     * remaining)}.
     */
    @Override
    public String toString() {
      String text = method == null ? description : description + " (" + method + ")";
      return status == null ? text : text + ": " + status;
    }
  }

  /**
   * A client's standing against one limit.
   *
   * @param passes true if one more request would pass
   * @param remaining what remains
   * @param amount the limit's amount
   * @param resetAtMillis when the window resets, in epoch milliseconds
   * @param storageKey the key the client is counted under
   */
  public record Status(
      boolean passes, long remaining, long amount, long resetAtMillis, String storageKey) {
    /** Returns {@code Pass (4 out of 5 remaining)} or {@code Fail (0 out of 5 remaining)}. */
    @Override
    public String toString() {
      return (passes ? "Pass" : "Fail") + " (" + remaining + " out of " + amount + " remaining)";
    }
  }
}
