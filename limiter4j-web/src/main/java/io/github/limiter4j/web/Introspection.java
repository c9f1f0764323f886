package io.github.limiter4j.web;

import io.github.limiter4j.storage.StorageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The introspection model as plain maps, lists, strings, numbers and booleans: the JSON that the
 * Actuator endpoint serves and the {@code limiter} command reads, in process or over HTTP.
 *
 * <p>Configuration: {@code {"settings": [{"section", "name", "value"}...]}}. Limits: {@code
 * {"storageAvailable", "meta": [line], "application": [line], "defaults": [line], "routes":
 * [{"endpoint", "path", "methods", "group", "exempt", "limits": [line]}]}}, where a line is {@code
 * {"limit", "method", "status": {"passes", "remaining", "amount", "resetAt", "key"}}} and {@code
 * method} and {@code status} may be null.
 */
public final class Introspection {
  private Introspection() {}

  /** Returns the limiter's configuration as a map. */
  public static Map<String, Object> configuration(Limiter limiter) {
    Objects.requireNonNull(limiter, "limiter");
    List<Object> settings = new ArrayList<>();
    for (ConfigurationEntry entry : limiter.configuration()) {
      Map<String, Object> setting = new LinkedHashMap<>();
      setting.put("section", entry.section());
      setting.put("name", settingName(entry.name()));
      setting.put("value", entry.value());
      settings.add(setting);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("settings", settings);
    return result;
  }

  /** Every setting is a {@code ratelimit.*} property but the storage's instance and status. */
  private static String settingName(String name) {
    switch (name) {
      case "instance":
        return "Instance";
      case "backend":
        return "Backend";
      case "status":
        return "Status";
      default:
        return "ratelimit." + name;
    }
  }

  /**
   * Returns the limits a query selects as a map. When the query names a key and the storage cannot
   * be read, {@code storageAvailable} is false and the lines carry no status.
   *
   * @throws IllegalArgumentException if the query's endpoint or path matches no route
   */
  public static Map<String, Object> limits(Limiter limiter, LimitsQuery query) {
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(query, "query");
    try {
      return report(limiter.limits(query), true);
    } catch (StorageException e) {
      LimitsQuery withoutKey = LimitsQuery.of(null, query.endpoint, query.path, query.method);
      return report(limiter.limits(withoutKey), false);
    }
  }

  /**
   * Clears the key's counts for the limits a query selects; returns them as a map.
   *
   * @throws IllegalArgumentException if the query names no key or matches no route
   * @throws StorageException if the storage cannot be written
   */
  public static Map<String, Object> clear(Limiter limiter, LimitsQuery query) {
    Objects.requireNonNull(limiter, "limiter");
    return report(limiter.clear(query), true);
  }

  private static Map<String, Object> report(LimitsReport report, boolean storageAvailable) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("storageAvailable", storageAvailable);
    result.put("meta", lines(report.metaLimits()));
    result.put("application", lines(report.applicationLimits()));
    result.put("defaults", lines(report.defaultLimits()));
    List<Object> routes = new ArrayList<>();
    for (LimitsReport.RouteLimits route : report.routes()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("endpoint", route.endpoint());
      map.put("path", route.path());
      map.put("methods", new ArrayList<>(new java.util.TreeSet<>(route.methods())));
      map.put("group", route.group());
      map.put("exempt", route.exempt());
      map.put("limits", lines(route.limits()));
      routes.add(map);
    }
    result.put("routes", routes);
    return result;
  }

  private static List<Object> lines(List<LimitsReport.Line> lines) {
    List<Object> result = new ArrayList<>();
    for (LimitsReport.Line line : lines) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("limit", line.description());
      map.put("method", line.method());
      LimitsReport.Status status = line.status();
      if (status == null) {
        map.put("status", null);
      } else {
        Map<String, Object> statusMap = new LinkedHashMap<>();
        statusMap.put("passes", status.passes());
        statusMap.put("remaining", status.remaining());
        statusMap.put("amount", status.amount());
        statusMap.put("resetAt", status.resetAtMillis());
        statusMap.put("key", status.storageKey());
        map.put("status", statusMap);
      }
      result.add(map);
    }
    return result;
  }
}
