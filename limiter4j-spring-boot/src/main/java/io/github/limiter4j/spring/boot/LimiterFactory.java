package io.github.limiter4j.spring.boot;

import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.web.ClientAddressKey;
import io.github.limiter4j.web.CostFunction;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RateLimitHeader;
import io.github.limiter4j.web.RequestCondition;
import io.github.limiter4j.web.ResponseCondition;
import io.github.limiter4j.web.RetryAfterFormat;
import io.github.limiter4j.web.UnsupportedLimitException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Builds the {@link Limiter} from the {@code ratelimit.*} properties and the scanned routes. */
final class LimiterFactory {
  private final RateLimitProperties properties;
  private final Functions functions;

  LimiterFactory(RateLimitProperties properties, Functions functions) {
    this.properties = properties;
    this.functions = functions;
  }

  Limiter.Builder builder(Storage storage, HandlerRoutes routes) {
    RateLimitProperties p = properties;
    requireNotEmptied(p);
    Limiter.Builder builder = Limiter.builder().enabled(p.isEnabled());
    if (storage != null) {
      builder.storage(storage, p.getStorageUri()).storageOptions(p.getStorageOptions());
    }
    if (!Functions.isBlank(p.getKeyFunc())) {
      builder.keyFunction(functions.key(p.getKeyFunc(), "ratelimit.key-func"));
    }
    clientAddress(p, builder);
    builder.missingKey(new MissingKeys(p).forLimiter());
    builder.keyPrefix(p.getKeyPrefix() == null ? "" : p.getKeyPrefix());
    try {
      builder.strategy(Strategy.fromName(p.getStrategy()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRateLimitException("ratelimit.strategy", p.getStrategy(), e.getMessage(), e);
    }

    // One Limit per notation, with the options its parallel properties give every limit of its
    // kind; properties are read in the order they always were, so the first bad one is reported.
    Limit.Builder application = notation("ratelimit.application", p.getApplication());
    Consumer<Limit.Builder> applicationOptions =
        options(
            "ratelimit.application",
            p.isApplicationPerMethod(),
            p.getApplicationExemptWhen(),
            p.getApplicationDeductWhen(),
            p.getApplicationCost());
    if (application != null) {
      applicationOptions.accept(application);
      builder.applicationLimit(application.build());
    }

    Consumer<Limit.Builder> defaultOptions =
        options(
            "ratelimit.defaults",
            p.isDefaultsPerMethod(),
            p.getDefaultsExemptWhen(),
            p.getDefaultsDeductWhen(),
            p.getDefaultsCost());
    Limit.Builder defaults = notation("ratelimit.default", p.getDefaults());
    if (defaults != null) {
      defaultOptions.accept(defaults);
      builder.defaultLimit(defaults.build());
    }
    if (!Functions.isBlank(p.getDefaultsDynamic())) {
      // Configured like the static defaults: per method, exemption, deduction and cost.
      Limit.Builder dynamic =
          Limit.builder(functions.limits(p.getDefaultsDynamic(), "ratelimit.defaults-dynamic"));
      defaultOptions.accept(dynamic);
      builder.defaultLimit(dynamic.build());
    }
    limits("ratelimit.meta", p.getMeta(), builder::metaLimits);

    builder.headersEnabled(p.isHeadersEnabled());
    header(builder, RateLimitHeader.LIMIT, p.getHeaderLimit(), "ratelimit.header-limit");
    header(
        builder, RateLimitHeader.REMAINING, p.getHeaderRemaining(), "ratelimit.header-remaining");
    header(builder, RateLimitHeader.RESET, p.getHeaderReset(), "ratelimit.header-reset");
    header(
        builder,
        RateLimitHeader.RETRY_AFTER,
        p.getHeaderRetryAfter(),
        "ratelimit.header-retry-after");
    builder.retryAfter(retryAfter(p.getHeaderRetryAfterValue()));
    builder.ietfHeaders(p.isIetfHeaders());

    builder.swallowErrors(p.isSwallowErrors());
    builder.inMemoryFallbackEnabled(p.isInMemoryFallbackEnabled());
    limits("ratelimit.in-memory-fallback", p.getInMemoryFallback(), builder::inMemoryFallback);
    builder.failOnFirstBreach(p.isFailOnFirstBreach());
    if (!Functions.isBlank(p.getOnBreachCallback())) {
      builder.onBreach(
          functions.breachHandler(p.getOnBreachCallback(), "ratelimit.on-breach-callback"));
    }
    if (!Functions.isBlank(p.getOnMetaBreachCallback())) {
      builder.onMetaBreach(
          functions.breachHandler(
              p.getOnMetaBreachCallback(), "ratelimit.on-meta-breach-callback"));
    }
    routes.groups().forEach(builder::group);
    routes.routes().forEach(builder::route);
    return builder;
  }

  /**
   * Names the property or annotation that declared a limit the storage cannot hold, which the
   * limiter found when built.
   */
  InvalidRateLimitException unsupported(UnsupportedLimitException e, HandlerRoutes routes) {
    Limit limit = e.limit();
    String value = limit.notation().orElse("(dynamic)");
    String origin =
        routes
            .originOf(limit)
            .orElseGet(
                () -> {
                  String property = propertyOf(e.origin());
                  // Limits added by a LimiterBuilderCustomizer keep the limiter's own name.
                  return property != null && value.equals(propertyValue(property))
                      ? property
                      : e.origin();
                });
    return new InvalidRateLimitException(
        origin, value, "is more than the storage can hold: " + e.getMessage(), e);
  }

  private static String propertyOf(String limiterOrigin) {
    switch (limiterOrigin) {
      case "default limit":
        return "ratelimit.default";
      case "application limit":
        return "ratelimit.application";
      case "meta limit":
        return "ratelimit.meta";
      default:
        return null;
    }
  }

  private String propertyValue(String property) {
    switch (property) {
      case "ratelimit.default":
        return properties.getDefaults();
      case "ratelimit.application":
        return properties.getApplication();
      default:
        return properties.getMeta();
    }
  }

  /**
   * Fails on a function property that is present but empty: never meant, and what YAML leaves of an
   * unquoted {@code #{...}}, whose {@code #} starts a comment. Ignored, it would silently drop a
   * key function or a condition.
   */
  private static void requireNotEmptied(RateLimitProperties p) {
    Map<String, String> functions = new LinkedHashMap<>();
    functions.put("ratelimit.key-func", p.getKeyFunc());
    functions.put("ratelimit.application-exempt-when", p.getApplicationExemptWhen());
    functions.put("ratelimit.application-deduct-when", p.getApplicationDeductWhen());
    functions.put("ratelimit.application-cost", p.getApplicationCost());
    functions.put("ratelimit.defaults-exempt-when", p.getDefaultsExemptWhen());
    functions.put("ratelimit.defaults-deduct-when", p.getDefaultsDeductWhen());
    functions.put("ratelimit.defaults-cost", p.getDefaultsCost());
    functions.put("ratelimit.defaults-dynamic", p.getDefaultsDynamic());
    functions.put("ratelimit.on-breach-callback", p.getOnBreachCallback());
    functions.put("ratelimit.on-meta-breach-callback", p.getOnMetaBreachCallback());
    functions.forEach(
        (property, value) -> {
          if (value != null && value.isBlank()) {
            throw new InvalidRateLimitException(
                property,
                value,
                "is empty; give a bean name or an expression, or remove the property. In YAML,"
                    + " quote an expression (key-func: \"#{request.header('X-Api-Key')}\"):"
                    + " unquoted, its # starts a comment and the value is lost",
                null);
          }
        });
  }

  private static void clientAddress(RateLimitProperties p, Limiter.Builder builder) {
    ClientAddressKey key = clientAddressKey(p);
    if (key == null) {
      return;
    }
    if (!Functions.isBlank(p.getKeyFunc())) {
      if (p.getMissingKey() == RateLimitProperties.MissingKeyPolicy.CLIENT_ADDRESS
          || p.getPaths().stream().anyMatch(path -> Functions.isBlank(path.getKeyFunc()))) {
        // It finds the address of the requests the key function has no key for, or keys the path
        // entries that have no key function of their own.
        return;
      }
      throw new InvalidRateLimitException(
          "ratelimit.key-func",
          p.getKeyFunc(),
          "replaces the default key, and ratelimit.missing-key is "
              + MissingKeys.name(p.getMissingKey())
              + " and no ratelimit.paths entry is keyed by the client address, so"
              + " ratelimit.client-address.* would have no effect; remove one of them (a key"
              + " function can build its own ClientAddressKey)",
          null);
    }
    builder.keyFunction(key);
  }

  /** The key of {@code ratelimit.client-address.*}, or null if those are at their defaults. */
  static ClientAddressKey clientAddressKey(RateLimitProperties p) {
    RateLimitProperties.ClientAddress settings = p.getClientAddress();
    if (settings == null || !settings.isConfigured()) {
      return null;
    }
    ClientAddressKey.Builder key = ClientAddressKey.builder();
    for (String proxy : settings.getTrustedProxies()) {
      try {
        key.trustedProxies(proxy);
      } catch (IllegalArgumentException e) {
        throw new InvalidRateLimitException(
            "ratelimit.client-address.trusted-proxies",
            proxy,
            "is not a trusted proxy: " + e.getMessage(),
            e);
      }
    }
    try {
      key.forwardedHeader(String.valueOf(settings.getForwardedHeader()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRateLimitException(
          "ratelimit.client-address.forwarded-header",
          settings.getForwardedHeader(),
          "is not a header name",
          e);
    }
    try {
      key.ipv6PrefixLength(settings.getIpv6PrefixLength());
    } catch (IllegalArgumentException e) {
      throw new InvalidRateLimitException(
          "ratelimit.client-address.ipv6-prefix-length",
          String.valueOf(settings.getIpv6PrefixLength()),
          "is not a prefix length: it must be 1 to 128",
          e);
    }
    return key.build();
  }

  private static void limits(String property, String value, Consumer<String> into) {
    if (Functions.isBlank(value)) {
      return;
    }
    try {
      into.accept(value);
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidRateLimitException(
          property, value, "is not a rate limit: " + cause.getMessage(), e);
    }
  }

  /** Returns a builder of the limit of a notation property; null if the property is blank. */
  private static Limit.Builder notation(String property, String value) {
    Limit.Builder[] limit = new Limit.Builder[1];
    limits(property, value, notation -> limit[0] = Limit.builder(notation));
    return limit[0];
  }

  /**
   * Reads the {@code -per-method}, {@code -exempt-when}, {@code -deduct-when} and {@code -cost}
   * properties under {@code prefix} once, and returns what gives them to a limit: every limit of
   * the kind shares the same conditions and cost function.
   */
  private Consumer<Limit.Builder> options(
      String prefix, boolean perMethod, String exemptWhen, String deductWhen, String cost) {
    RequestCondition exempt =
        Functions.isBlank(exemptWhen)
            ? null
            : functions.condition(exemptWhen, prefix + "-exempt-when");
    ResponseCondition deduct =
        Functions.isBlank(deductWhen)
            ? null
            : functions.responseCondition(deductWhen, prefix + "-deduct-when");
    Consumer<Limit.Builder> costOf = cost(prefix + "-cost", cost);
    return limit -> {
      limit.perMethod(perMethod);
      if (exempt != null) {
        limit.exemptWhen(exempt);
      }
      if (deduct != null) {
        limit.deductWhen(deduct);
      }
      costOf.accept(limit);
    };
  }

  /** Reads a cost property once: what gives its cost (1 if blank) to a limit. */
  private Consumer<Limit.Builder> cost(String property, String value) {
    if (Functions.isBlank(value)) {
      return limit -> limit.cost(1);
    }
    String trimmed = value.trim();
    long cost;
    try {
      // A number is a number, even where a bean has that name.
      cost = Long.parseLong(trimmed);
    } catch (NumberFormatException notANumber) {
      // Not a number: then only a function is meant, a CostFunction bean (name or @name) or SpEL.
      CostFunction function = functions.cost(trimmed, property);
      return limit -> limit.cost(function);
    }
    if (cost < 0) {
      throw new InvalidRateLimitException(
          property, value, "is negative; costs are 0 or more", null);
    }
    return limit -> limit.cost(cost);
  }

  private static void header(
      Limiter.Builder builder, RateLimitHeader header, String name, String property) {
    if (Functions.isBlank(name)) {
      throw new InvalidRateLimitException(
          property, String.valueOf(name), "is empty; a header needs a name", null);
    }
    try {
      builder.headerName(header, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRateLimitException(
          property, name, "is not a header name: " + e.getMessage(), e);
    }
  }

  private static RetryAfterFormat retryAfter(String value) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("delta-seconds")) {
      return RetryAfterFormat.DELTA_SECONDS;
    }
    if (value.equalsIgnoreCase("http-date")) {
      return RetryAfterFormat.HTTP_DATE;
    }
    throw new InvalidRateLimitException(
        "ratelimit.header-retry-after-value",
        value,
        "is not a format; use delta-seconds or http-date",
        null);
  }
}
