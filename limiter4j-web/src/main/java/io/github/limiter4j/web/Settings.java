package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Describes a limiter's configuration as entries, as {@code limiter config} shows it. */
final class Settings {
  private Settings() {}

  static List<ConfigurationEntry> describe(Limiter.Builder b) {
    List<ConfigurationEntry> entries = new ArrayList<>();
    add(entries, "General", "enabled", b.enabled);
    add(entries, "General", "key-func", function(b.keyFunction));
    add(entries, "General", "missing-key", b.missingKey);
    add(entries, "General", "key-prefix", "'" + b.keyPrefix + "'");
    // With the rest of its section: the command starts a section wherever the name changes.
    add(entries, "General", "request-identifier", function(b.requestIdentifier));
    add(entries, "Storage", "strategy", b.strategy.strategyName());
    add(entries, "Storage", "storage-uri", storageUri(b));
    add(entries, "Storage", "storage-options", storageOptions(b));
    // The live status goes here, after storage-options, added by Limiter.configuration().
    add(entries, "Application Limits", "application", limits(List.of(), b.applicationLimits));
    options(entries, "Application Limits", "application", b.applicationLimits);
    add(entries, "Default Limits", "default", limits(List.of(), b.defaultLimits));
    options(entries, "Default Limits", "defaults", b.defaultLimits);
    add(entries, "Meta Limits", "meta", limits(List.of(), b.metaLimits));
    add(entries, "Headers", "headers-enabled", b.headersEnabled);
    add(entries, "Headers", "header-limit", b.headerNames.get(RateLimitHeader.LIMIT));
    add(entries, "Headers", "header-remaining", b.headerNames.get(RateLimitHeader.REMAINING));
    add(entries, "Headers", "header-reset", b.headerNames.get(RateLimitHeader.RESET));
    add(entries, "Headers", "header-retry-after", b.headerNames.get(RateLimitHeader.RETRY_AFTER));
    add(
        entries,
        "Headers",
        "header-retry-after-value",
        b.retryAfter == RetryAfterFormat.HTTP_DATE ? "http-date" : "delta-seconds");
    add(entries, "Headers", "ietf-headers", b.ietfHeaders);
    add(entries, "Errors", "swallow-errors", b.swallowErrors);
    add(
        entries,
        "Errors",
        "in-memory-fallback-enabled",
        b.inMemoryFallbackEnabled || !b.fallbackNotations.isEmpty());
    add(entries, "Errors", "in-memory-fallback", limits(b.fallbackNotations, List.of()));
    add(entries, "Breaches", "fail-on-first-breach", b.failOnFirstBreach);
    add(entries, "Breaches", "on-breach-callback", function(b.onBreach));
    add(entries, "Breaches", "on-meta-breach-callback", function(b.onMetaBreach));
    return entries;
  }

  /**
   * The options of default or application limits, under the names of Flask-Limiter's parallel
   * settings ({@code defaults-per-method}...): each option's value if the limits agree on it (as
   * limits made from one set of properties do), else every limit's value in order.
   */
  private static void options(
      List<ConfigurationEntry> entries, String section, String prefix, List<Limit> limits) {
    add(entries, section, prefix + "-per-method", agreed(limits, false, Limit::isPerMethod));
    add(
        entries,
        section,
        prefix + "-exempt-when",
        agreed(limits, "None", limit -> function(limit.exemptWhen)));
    add(
        entries,
        section,
        prefix + "-deduct-when",
        agreed(limits, "None", limit -> function(limit.deductWhen)));
    add(
        entries,
        section,
        prefix + "-cost",
        agreed(
            limits,
            "1",
            limit ->
                limit.costFunction != null
                    ? function(limit.costFunction)
                    : Long.toString(limit.cost())));
  }

  private static Object agreed(
      List<Limit> limits, Object none, java.util.function.Function<Limit, Object> option) {
    List<Object> values = limits.stream().map(option).distinct().toList();
    if (values.isEmpty()) {
      return none;
    }
    return values.size() == 1 ? values.get(0) : values;
  }

  private static void add(
      List<ConfigurationEntry> entries, String section, String name, Object value) {
    entries.add(new ConfigurationEntry(section, name, String.valueOf(value)));
  }

  private static String storageUri(Limiter.Builder b) {
    String uri = uriOf(b);
    if (b.storage != null && uri == null) {
      return "(given in code) " + b.storage;
    }
    if (uri == null) {
      return "memory://";
    }
    try {
      return StorageUri.parse(uri).toString();
    } catch (IllegalArgumentException e) {
      return "(malformed, not shown)";
    }
  }

  /** The URI the storage comes from: given with it in code, or to be opened; null if neither. */
  private static String uriOf(Limiter.Builder b) {
    return b.storage != null ? b.storageDescription : b.storageUri;
  }

  private static String storageOptions(Limiter.Builder b) {
    String uri = uriOf(b);
    if (uri == null) {
      return "{}";
    }
    try {
      return StorageOptions.of(StorageUri.parse(uri), b.storageOptions).toString();
    } catch (IllegalArgumentException e) {
      return "(not shown)";
    }
  }

  /**
   * The limits as parsed, one item each in the canonical notation ({@code 20 per 1 hour}), as
   * Flask-Limiter shows them; a dynamic limit by its provider's name.
   */
  private static String limits(List<String> notations, List<Limit> limits) {
    List<String> all = new ArrayList<>();
    for (String notation : notations) {
      // The builder has parsed every notation already: this cannot fail.
      for (RateLimitItem item : RateLimitItem.parseAll(notation)) {
        all.add(item.toString());
      }
    }
    for (Limit limit : limits) {
      if (limit.isDynamic()) {
        all.add("(dynamic) " + function(limit.provider));
      }
      for (RateLimitItem item : limit.items()) {
        all.add(item.toString());
      }
    }
    return all.stream().map(each -> "'" + each + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  /** Returns true if the function's class has a toString of its own. */
  static boolean describesItself(Object function) {
    try {
      return function.getClass().getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException impossible) {
      return false; // every object has toString
    }
  }

  /** Names a function: its own toString if it has one, else its class, lambdas by their host. */
  static String function(Object function) {
    if (function == null) {
      return "None";
    }
    if (describesItself(function)) {
      return function.toString();
    }
    String name = function.getClass().getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      String host = name.substring(0, lambda);
      return "lambda in " + host.substring(host.lastIndexOf('.') + 1);
    }
    return name;
  }
}
