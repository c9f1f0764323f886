package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.ClientAddressKey;
import io.github.limiter4j.web.ExemptionScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code ratelimit.*} properties: one for each of Flask-Limiter's {@code RATELIMIT_*} settings,
 * plus limits declared for paths. Functions (key function, conditions, costs, breach handlers) are
 * given as the name of a bean implementing the matching interface of {@code
 * io.github.limiter4j.web}, or as a SpEL expression {@code #{...}} over {@code request} (and {@code
 * response} for deduct-when).
 */
@ConfigurationProperties("ratelimit")
public class RateLimitProperties {
  /**
   * The default {@link #getFilterOrder() filter order}: just before Spring Security's filter chain
   * (its default order is -100) and after Spring's request context filter (-105).
   */
  public static final int DEFAULT_FILTER_ORDER = -101;

  /** Whether requests are rate limited. A disabled limiter opens no storage. */
  private boolean enabled = true;

  /**
   * How clients are identified: a KeyFunction bean name or a SpEL expression such as
   * "#{request.header('X-Api-Key')}". Default: the remote address.
   */
  private @Nullable String keyFunc;

  /**
   * What limits do with a request for which the key function gives no key (an X-Api-Key header left
   * out): count it under the client's address (client-address, the default), under one key shared
   * by all such requests (shared), refuse it with missing-key-status (refuse), or let it pass
   * uncounted (unlimited, as Flask-Limiter does).
   */
  private MissingKeyPolicy missingKey = MissingKeyPolicy.CLIENT_ADDRESS;

  /** Status of the refusal of a request without a key, when missing-key is refuse. */
  private int missingKeyStatus = 403;

  /** Prefix of every storage key, so that applications sharing a storage do not share counts. */
  private String keyPrefix = "";

  /** The strategy: fixed-window, moving-window or sliding-window-counter. */
  private String strategy = "fixed-window";

  /**
   * Where limits are counted, such as memory://, redis://host:6379 or
   * redis+sentinel://h1:26379,h2:26379/mymaster. Also read from the environment variable
   * RATELIMIT_STORAGE_URI.
   */
  private String storageUri = "memory://";

  /** Options of the storage, beside those in the URI's query (which these override). */
  private Map<String, String> storageOptions = new LinkedHashMap<>();

  /**
   * How long start-up waits for the storage to answer when neither swallow-errors nor the in-memory
   * fallback would let requests be served without it; past it, the application fails to start. Zero
   * checks once.
   */
  private Duration storageStartupTimeout = Duration.ZERO;

  /** Limits every request counts against together, such as "5000/hour". */
  private @Nullable String application;

  /** Whether each HTTP method has its own application-limit counters. */
  private boolean applicationPerMethod;

  /** When a request is exempt from the application limits: a RequestCondition bean or SpEL. */
  private @Nullable String applicationExemptWhen;

  /** When a request is charged to the application limits: a ResponseCondition bean or SpEL. */
  private @Nullable String applicationDeductWhen;

  /** What a request takes from the application limits: a number, a CostFunction bean or SpEL. */
  private String applicationCost = "1";

  /** Limits of every route that declares none, such as "200/day;50/hour". */
  @Name("default")
  private @Nullable String defaults;

  /** Whether each HTTP method has its own default-limit counters. */
  private boolean defaultsPerMethod;

  /** When a request is exempt from the default limits: a RequestCondition bean or SpEL. */
  private @Nullable String defaultsExemptWhen;

  /** When a request is charged to the default limits: a ResponseCondition bean or SpEL. */
  private @Nullable String defaultsDeductWhen;

  /** What a request takes from the default limits: a number, a CostFunction bean or SpEL. */
  private String defaultsCost = "1";

  /** A LimitProvider bean or SpEL giving default limits computed for each request. */
  private @Nullable String defaultsDynamic;

  /** How often a client may breach a limit before it is refused everywhere, such as "2/day". */
  private @Nullable String meta;

  /** Whether responses carry the rate limit headers. */
  private boolean headersEnabled;

  /** Name of the header with the limit's amount. */
  private String headerLimit = "X-RateLimit-Limit";

  /** Name of the header with what remains of the limit. */
  private String headerRemaining = "X-RateLimit-Remaining";

  /** Name of the header with the reset time in epoch seconds. */
  private String headerReset = "X-RateLimit-Reset";

  /** Name of the retry-after header. */
  private String headerRetryAfter = "Retry-After";

  /** Format of the retry-after header: delta-seconds or http-date. */
  private String headerRetryAfterValue = "delta-seconds";

  /** Whether responses also carry the IETF RateLimit-Policy and RateLimit fields. */
  private boolean ietfHeaders;

  /** Whether requests pass unlimited (and the failure is logged) when the storage fails. */
  private boolean swallowErrors;

  /** Whether requests are limited in memory while the storage is down. */
  private boolean inMemoryFallbackEnabled;

  /** Limits applied in memory while the storage is down (enables the fallback). */
  private @Nullable String inMemoryFallback;

  /** Whether a breach is reported at the first breached limit. */
  private boolean failOnFirstBreach = true;

  /** A BreachHandler bean called on every breach. */
  private @Nullable String onBreachCallback;

  /** A BreachHandler bean called when a meta limit refuses a client. */
  private @Nullable String onMetaBreachCallback;

  /** Limits and exemptions declared for request paths, without code. */
  private List<PathLimit> paths = new ArrayList<>();

  /**
   * Order of the servlet filter that checks the path limits: by default just before Spring
   * Security's filter chain (-100), so that path limits protect authentication.
   */
  private int filterOrder = DEFAULT_FILTER_ORDER;

  /** How the default key finds the client's address behind proxies. */
  private ClientAddress clientAddress = new ClientAddress();

  /** Returns whether requests are rate limited. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether requests are rate limited. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the key function reference. */
  public @Nullable String getKeyFunc() {
    return keyFunc;
  }

  /** Sets the key function reference. */
  public void setKeyFunc(@Nullable String keyFunc) {
    this.keyFunc = keyFunc;
  }

  /** Returns what limits do with a request without a key. */
  public MissingKeyPolicy getMissingKey() {
    return missingKey;
  }

  /** Sets what limits do with a request without a key. */
  public void setMissingKey(MissingKeyPolicy missingKey) {
    this.missingKey = missingKey;
  }

  /** Returns the status of the refusal of a request without a key. */
  public int getMissingKeyStatus() {
    return missingKeyStatus;
  }

  /** Sets the status of the refusal of a request without a key. */
  public void setMissingKeyStatus(int missingKeyStatus) {
    this.missingKeyStatus = missingKeyStatus;
  }

  /** Returns the key prefix. */
  public String getKeyPrefix() {
    return keyPrefix;
  }

  /** Sets the key prefix. */
  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** Returns the strategy name. */
  public String getStrategy() {
    return strategy;
  }

  /** Sets the strategy name. */
  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  /** Returns the storage URI. */
  public String getStorageUri() {
    return storageUri;
  }

  /** Sets the storage URI. */
  public void setStorageUri(String storageUri) {
    this.storageUri = storageUri;
  }

  /** Returns the storage options. */
  public Map<String, String> getStorageOptions() {
    return storageOptions;
  }

  /** Sets the storage options. */
  public void setStorageOptions(Map<String, String> storageOptions) {
    this.storageOptions = storageOptions;
  }

  /** Returns the application limits. */
  public @Nullable String getApplication() {
    return application;
  }

  /** Sets the application limits. */
  public void setApplication(@Nullable String application) {
    this.application = application;
  }

  /** Returns whether application limits are counted per method. */
  public boolean isApplicationPerMethod() {
    return applicationPerMethod;
  }

  /** Sets whether application limits are counted per method. */
  public void setApplicationPerMethod(boolean applicationPerMethod) {
    this.applicationPerMethod = applicationPerMethod;
  }

  /** Returns the application exempt-when reference. */
  public @Nullable String getApplicationExemptWhen() {
    return applicationExemptWhen;
  }

  /** Sets the application exempt-when reference. */
  public void setApplicationExemptWhen(@Nullable String applicationExemptWhen) {
    this.applicationExemptWhen = applicationExemptWhen;
  }

  /** Returns the application deduct-when reference. */
  public @Nullable String getApplicationDeductWhen() {
    return applicationDeductWhen;
  }

  /** Sets the application deduct-when reference. */
  public void setApplicationDeductWhen(@Nullable String applicationDeductWhen) {
    this.applicationDeductWhen = applicationDeductWhen;
  }

  /** Returns the application cost. */
  public String getApplicationCost() {
    return applicationCost;
  }

  /** Sets the application cost. */
  public void setApplicationCost(String applicationCost) {
    this.applicationCost = applicationCost;
  }

  /** Returns the default limits. */
  public @Nullable String getDefaults() {
    return defaults;
  }

  /** Sets the default limits. */
  public void setDefaults(@Nullable String defaults) {
    this.defaults = defaults;
  }

  /** Returns whether default limits are counted per method. */
  public boolean isDefaultsPerMethod() {
    return defaultsPerMethod;
  }

  /** Sets whether default limits are counted per method. */
  public void setDefaultsPerMethod(boolean defaultsPerMethod) {
    this.defaultsPerMethod = defaultsPerMethod;
  }

  /** Returns the defaults exempt-when reference. */
  public @Nullable String getDefaultsExemptWhen() {
    return defaultsExemptWhen;
  }

  /** Sets the defaults exempt-when reference. */
  public void setDefaultsExemptWhen(@Nullable String defaultsExemptWhen) {
    this.defaultsExemptWhen = defaultsExemptWhen;
  }

  /** Returns the defaults deduct-when reference. */
  public @Nullable String getDefaultsDeductWhen() {
    return defaultsDeductWhen;
  }

  /** Sets the defaults deduct-when reference. */
  public void setDefaultsDeductWhen(@Nullable String defaultsDeductWhen) {
    this.defaultsDeductWhen = defaultsDeductWhen;
  }

  /** Returns the defaults cost. */
  public String getDefaultsCost() {
    return defaultsCost;
  }

  /** Sets the defaults cost. */
  public void setDefaultsCost(String defaultsCost) {
    this.defaultsCost = defaultsCost;
  }

  /** Returns the dynamic default limits reference. */
  public @Nullable String getDefaultsDynamic() {
    return defaultsDynamic;
  }

  /** Sets the dynamic default limits reference. */
  public void setDefaultsDynamic(@Nullable String defaultsDynamic) {
    this.defaultsDynamic = defaultsDynamic;
  }

  /** Returns the meta limits. */
  public @Nullable String getMeta() {
    return meta;
  }

  /** Sets the meta limits. */
  public void setMeta(@Nullable String meta) {
    this.meta = meta;
  }

  /** Returns whether headers are enabled. */
  public boolean isHeadersEnabled() {
    return headersEnabled;
  }

  /** Sets whether headers are enabled. */
  public void setHeadersEnabled(boolean headersEnabled) {
    this.headersEnabled = headersEnabled;
  }

  /** Returns the limit header's name. */
  public String getHeaderLimit() {
    return headerLimit;
  }

  /** Sets the limit header's name. */
  public void setHeaderLimit(String headerLimit) {
    this.headerLimit = headerLimit;
  }

  /** Returns the remaining header's name. */
  public String getHeaderRemaining() {
    return headerRemaining;
  }

  /** Sets the remaining header's name. */
  public void setHeaderRemaining(String headerRemaining) {
    this.headerRemaining = headerRemaining;
  }

  /** Returns the reset header's name. */
  public String getHeaderReset() {
    return headerReset;
  }

  /** Sets the reset header's name. */
  public void setHeaderReset(String headerReset) {
    this.headerReset = headerReset;
  }

  /** Returns the retry-after header's name. */
  public String getHeaderRetryAfter() {
    return headerRetryAfter;
  }

  /** Sets the retry-after header's name. */
  public void setHeaderRetryAfter(String headerRetryAfter) {
    this.headerRetryAfter = headerRetryAfter;
  }

  /** Returns the retry-after format. */
  public String getHeaderRetryAfterValue() {
    return headerRetryAfterValue;
  }

  /** Sets the retry-after format. */
  public void setHeaderRetryAfterValue(String headerRetryAfterValue) {
    this.headerRetryAfterValue = headerRetryAfterValue;
  }

  /** Returns whether the IETF fields are sent. */
  public boolean isIetfHeaders() {
    return ietfHeaders;
  }

  /** Sets whether the IETF fields are sent. */
  public void setIetfHeaders(boolean ietfHeaders) {
    this.ietfHeaders = ietfHeaders;
  }

  /** Returns how long start-up waits for the storage. */
  public Duration getStorageStartupTimeout() {
    return storageStartupTimeout;
  }

  /** Sets how long start-up waits for the storage. */
  public void setStorageStartupTimeout(Duration storageStartupTimeout) {
    this.storageStartupTimeout = storageStartupTimeout;
  }

  /** Returns whether storage errors are swallowed. */
  public boolean isSwallowErrors() {
    return swallowErrors;
  }

  /** Sets whether storage errors are swallowed. */
  public void setSwallowErrors(boolean swallowErrors) {
    this.swallowErrors = swallowErrors;
  }

  /** Returns whether the in-memory fallback is enabled. */
  public boolean isInMemoryFallbackEnabled() {
    return inMemoryFallbackEnabled;
  }

  /** Sets whether the in-memory fallback is enabled. */
  public void setInMemoryFallbackEnabled(boolean inMemoryFallbackEnabled) {
    this.inMemoryFallbackEnabled = inMemoryFallbackEnabled;
  }

  /** Returns the in-memory fallback limits. */
  public @Nullable String getInMemoryFallback() {
    return inMemoryFallback;
  }

  /** Sets the in-memory fallback limits. */
  public void setInMemoryFallback(@Nullable String inMemoryFallback) {
    this.inMemoryFallback = inMemoryFallback;
  }

  /** Returns whether breaches are reported at the first breached limit. */
  public boolean isFailOnFirstBreach() {
    return failOnFirstBreach;
  }

  /** Sets whether breaches are reported at the first breached limit. */
  public void setFailOnFirstBreach(boolean failOnFirstBreach) {
    this.failOnFirstBreach = failOnFirstBreach;
  }

  /** Returns the breach handler bean name. */
  public @Nullable String getOnBreachCallback() {
    return onBreachCallback;
  }

  /** Sets the breach handler bean name. */
  public void setOnBreachCallback(@Nullable String onBreachCallback) {
    this.onBreachCallback = onBreachCallback;
  }

  /** Returns the meta breach handler bean name. */
  public @Nullable String getOnMetaBreachCallback() {
    return onMetaBreachCallback;
  }

  /** Sets the meta breach handler bean name. */
  public void setOnMetaBreachCallback(@Nullable String onMetaBreachCallback) {
    this.onMetaBreachCallback = onMetaBreachCallback;
  }

  /** Returns the limits declared for paths. */
  public List<PathLimit> getPaths() {
    return paths;
  }

  /** Sets the limits declared for paths. */
  public void setPaths(List<PathLimit> paths) {
    this.paths = paths;
  }

  /** Returns the order of the servlet filter that checks the path limits. */
  public int getFilterOrder() {
    return filterOrder;
  }

  /** Sets the order of the servlet filter that checks the path limits. */
  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  /** Returns how the default key finds the client's address. */
  public ClientAddress getClientAddress() {
    return clientAddress;
  }

  /** Sets how the default key finds the client's address. */
  public void setClientAddress(ClientAddress clientAddress) {
    this.clientAddress = clientAddress;
  }

  /** What limits do with a request for which the key function gives no key. */
  public enum MissingKeyPolicy {
    /**
     * Count it under the client's address, found as ratelimit.client-address.* says: the default.
     */
    CLIENT_ADDRESS,
    /** Count every request without a key under one shared key, "anonymous". */
    SHARED,
    /** Refuse it with ratelimit.missing-key-status before it is counted. */
    REFUSE,
    /** Let it pass uncounted: any client leaving its key out is not limited. */
    UNLIMITED
  }

  /**
   * The client's address behind proxies: when any of these is set, the default key is a {@code
   * io.github.limiter4j.web.ClientAddressKey} built from them instead of the peer's address.
   */
  public static class ClientAddress {
    /**
     * Proxies trusted to name the client in the forwarded header, as CIDR blocks or addresses, such
     * as 10.0.0.0/8 or 127.0.0.1. Requests from other peers are keyed by the peer.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /** The header in which trusted proxies name the client: X-Forwarded-For or Forwarded. */
    // A literal, so that the configuration metadata shows the default.
    private String forwardedHeader = "X-Forwarded-For";

    /** Leading bits an IPv6 client is keyed by, such as 64; 128 keys the whole address. */
    private int ipv6PrefixLength = 128;

    /** Returns the trusted proxies. */
    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    /** Sets the trusted proxies. */
    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
    }

    /** Returns the forwarded header. */
    public String getForwardedHeader() {
      return forwardedHeader;
    }

    /** Sets the forwarded header. */
    public void setForwardedHeader(String forwardedHeader) {
      this.forwardedHeader = forwardedHeader;
    }

    /** Returns the IPv6 prefix length. */
    public int getIpv6PrefixLength() {
      return ipv6PrefixLength;
    }

    /** Sets the IPv6 prefix length. */
    public void setIpv6PrefixLength(int ipv6PrefixLength) {
      this.ipv6PrefixLength = ipv6PrefixLength;
    }

    /** Whether anything differs from the defaults, which key by the peer's address. */
    boolean isConfigured() {
      return !trustedProxies.isEmpty()
          || ipv6PrefixLength != 128
          || !ClientAddressKey.X_FORWARDED_FOR.equalsIgnoreCase(forwardedHeader);
    }
  }

  /**
   * Limits or an exemption for the requests whose path matches a pattern: added to the controller
   * methods mapped under the pattern, and applied by path to requests no controller serves.
   */
  public static class PathLimit {
    /** The path pattern, such as /api/** or /users/{id}. */
    private @Nullable String pattern;

    /** The HTTP methods the entry applies to; empty for every method. */
    private List<String> methods = new ArrayList<>();

    /** The limits, such as "10/minute;100/hour". */
    private @Nullable String limit;

    /** Whether each HTTP method has its own counters. */
    private boolean perMethod;

    /** Whether these limits replace the defaults (true) or add to them. */
    private boolean overrideDefaults = true;

    /** A scope shared by every path with the same scope: makes the limits shared. */
    private @Nullable String sharedScope;

    /** What the matching requests are exempt from: application, default, meta... */
    private List<ExemptionScope> exempt = new ArrayList<>();

    /**
     * How clients are identified for this entry's limits: a KeyFunction bean name or a SpEL
     * expression, as ratelimit.key-func. By default the client's address (as
     * ratelimit.client-address.* finds it), since the entry is checked before authentication.
     */
    private @Nullable String keyFunc;

    /** Returns the key function of the entry's limits; null for the client's address. */
    public @Nullable String getKeyFunc() {
      return keyFunc;
    }

    /** Sets the key function of the entry's limits. */
    public void setKeyFunc(@Nullable String keyFunc) {
      this.keyFunc = keyFunc;
    }

    /** Returns the pattern. */
    public @Nullable String getPattern() {
      return pattern;
    }

    /** Sets the pattern. */
    public void setPattern(@Nullable String pattern) {
      this.pattern = pattern;
    }

    /** Returns the methods. */
    public List<String> getMethods() {
      return methods;
    }

    /** Sets the methods. */
    public void setMethods(List<String> methods) {
      this.methods = methods;
    }

    /** Returns the limits. */
    public @Nullable String getLimit() {
      return limit;
    }

    /** Sets the limits. */
    public void setLimit(@Nullable String limit) {
      this.limit = limit;
    }

    /** Returns whether the limits are counted per method. */
    public boolean isPerMethod() {
      return perMethod;
    }

    /** Sets whether the limits are counted per method. */
    public void setPerMethod(boolean perMethod) {
      this.perMethod = perMethod;
    }

    /** Returns whether the limits override the defaults. */
    public boolean isOverrideDefaults() {
      return overrideDefaults;
    }

    /** Sets whether the limits override the defaults. */
    public void setOverrideDefaults(boolean overrideDefaults) {
      this.overrideDefaults = overrideDefaults;
    }

    /** Returns the shared scope. */
    public @Nullable String getSharedScope() {
      return sharedScope;
    }

    /** Sets the shared scope. */
    public void setSharedScope(@Nullable String sharedScope) {
      this.sharedScope = sharedScope;
    }

    /** Returns the exemption scopes. */
    public List<ExemptionScope> getExempt() {
      return exempt;
    }

    /** Sets the exemption scopes. */
    public void setExempt(List<ExemptionScope> exempt) {
      this.exempt = exempt;
    }
  }
}
