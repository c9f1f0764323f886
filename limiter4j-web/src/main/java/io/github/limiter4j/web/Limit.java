package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one or more limits and how they apply: Flask-Limiter's {@code limit} and
 * {@code shared_limit} options. Immutable; built once and used for a route, a route group, the
 * application, the defaults or a block inside a handler.
 *
 * <pre>{@code
 * Limit perUser = Limit.builder("10/minute;100/hour")
 *     .keyFunction(request -> request.header("X-User"))
 *     .methods("POST")
 *     .errorMessage("Slow down")
 *     .build();
 * Limit search = Limit.builder("30/minute").shared("search").build();
 * }</pre>
 *
 * <p>A static notation is parsed when the limit is built, so a typo fails at start-up; a {@link
 * LimitProvider} is asked again for every request.
 */
public final class Limit {
  // Nullable fields are read directly by the limiter in this package; the getters wrap them.
  final @Nullable String notation;
  private final @Nullable List<RateLimitItem> items;
  final @Nullable LimitProvider provider;
  final @Nullable KeyFunction keyFunction;
  final @Nullable MissingKey missingKey;
  private final @Nullable String scope;
  private final @Nullable ScopeFunction scopeFunction;
  private final boolean shared;
  // Empty for every method: the builder refuses an empty list, so empty means no restriction.
  private final Set<String> methods;
  private final boolean perMethod;
  final @Nullable String errorMessage;
  private final @Nullable Function<WebRequest, String> errorMessageFunction;
  final @Nullable RequestCondition exemptWhen;
  private final boolean overrideDefaults;
  final @Nullable ResponseCondition deductWhen;
  final @Nullable BreachHandler onBreach;
  private final long cost;
  final @Nullable CostFunction costFunction;
  private final List<RateLimitItem> metaLimits;

  private Limit(Builder builder) {
    this.notation = builder.notation;
    this.items = builder.items;
    this.provider = builder.provider;
    this.keyFunction = builder.keyFunction;
    this.missingKey = builder.missingKey;
    this.scope = builder.scope;
    this.scopeFunction = builder.scopeFunction;
    this.shared = builder.shared;
    this.methods = builder.methods == null ? Set.of() : Set.copyOf(builder.methods);
    this.perMethod = builder.perMethod;
    this.errorMessage = builder.errorMessage;
    this.errorMessageFunction = builder.errorMessageFunction;
    this.exemptWhen = builder.exemptWhen;
    this.overrideDefaults = builder.overrideDefaults;
    this.deductWhen = builder.deductWhen;
    this.onBreach = builder.onBreach;
    this.cost = builder.cost;
    this.costFunction = builder.costFunction;
    this.metaLimits = List.copyOf(builder.metaLimits);
  }

  /**
   * Returns the limit of {@code notation} with every option at its default.
   *
   * @throws io.github.limiter4j.RateLimitParseException if the notation does not parse
   */
  public static Limit of(String notation) {
    return builder(notation).build();
  }

  /** Returns the limit that {@code provider} gives for each request, other options at default. */
  public static Limit of(LimitProvider provider) {
    return builder(provider).build();
  }

  /**
   * Returns a builder of a limit of {@code notation}, such as {@code "10/minute;100/hour"}.
   *
   * @throws io.github.limiter4j.RateLimitParseException if the notation does not parse
   */
  public static Builder builder(String notation) {
    Objects.requireNonNull(notation, "notation");
    return new Builder(notation, RateLimitItem.parseAll(notation), null);
  }

  /** Returns a builder of a limit that {@code provider} gives for each request. */
  public static Builder builder(LimitProvider provider) {
    return new Builder(null, null, Objects.requireNonNull(provider, "provider"));
  }

  /** Returns the notation of a static limit; empty if the limit is dynamic. */
  public Optional<String> notation() {
    return Optional.ofNullable(notation);
  }

  /** Returns the parsed items of a static limit, or an empty list if the limit is dynamic. */
  public List<RateLimitItem> items() {
    return items == null ? List.of() : items;
  }

  /** Returns true if the limits come from a {@link LimitProvider} for each request. */
  public boolean isDynamic() {
    return provider != null;
  }

  /** Returns the provider of a dynamic limit; empty if the limit is static. */
  public Optional<LimitProvider> provider() {
    return Optional.ofNullable(provider);
  }

  /** Returns the key function of this limit; empty if it counts by the limiter's. */
  public Optional<KeyFunction> keyFunction() {
    return Optional.ofNullable(keyFunction);
  }

  /**
   * Returns what this limit does with a request without a key; empty if it does as the limiter
   * does.
   */
  public Optional<MissingKey> missingKey() {
    return Optional.ofNullable(missingKey);
  }

  /**
   * Returns the static scope; empty if the limit has none or a {@link #scopeFunction() scope
   * function}.
   */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /** Returns the scope function; empty if the limit has none or a static {@link #scope()}. */
  public Optional<ScopeFunction> scopeFunction() {
    return Optional.ofNullable(scopeFunction);
  }

  /** Returns true if the limit is counted once for every route it is declared on. */
  public boolean isShared() {
    return shared;
  }

  /**
   * Returns the methods the limit applies to (upper case); empty if it applies to every method (a
   * limit cannot be restricted to no method at all).
   */
  public Set<String> methods() {
    return methods;
  }

  /** Returns true if each HTTP method has its own counter. */
  public boolean isPerMethod() {
    return perMethod;
  }

  /**
   * Returns the static error message; empty if a breach is described by the notation or by a
   * message computed from the request.
   */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** Returns the exempt-when condition; empty if the limit has none. */
  public Optional<RequestCondition> exemptWhen() {
    return Optional.ofNullable(exemptWhen);
  }

  /**
   * Returns true if this limit replaces the defaults and the limits inherited from enclosing route
   * groups; false if it adds to them.
   */
  public boolean overridesDefaults() {
    return overrideDefaults;
  }

  /** Returns the deduct-when condition; empty if every request is charged before the handler. */
  public Optional<ResponseCondition> deductWhen() {
    return Optional.ofNullable(deductWhen);
  }

  /** Returns the breach handler of this limit; empty if only the limiter's handler runs. */
  public Optional<BreachHandler> onBreach() {
    return Optional.ofNullable(onBreach);
  }

  /** Returns the static cost. */
  public long cost() {
    return cost;
  }

  /** Returns the cost function; empty if every request takes the static {@link #cost()}. */
  public Optional<CostFunction> costFunction() {
    return Optional.ofNullable(costFunction);
  }

  /** Returns the meta limits triggered whenever this limit is breached. */
  public List<RateLimitItem> metaLimits() {
    return metaLimits;
  }

  /** Returns the description of a breach for {@code request}: the error message, or null. */
  @Nullable String errorMessageFor(WebRequest request) {
    if (errorMessageFunction != null) {
      return errorMessageFunction.apply(request);
    }
    return errorMessage;
  }

  /**
   * Returns the limit of {@code notation} declared by {@code owner}, whose name a parse error
   * carries: the message of a start-up failure says where the typo is.
   */
  static Limit declaredBy(String owner, String notation) {
    try {
      return of(notation);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
    }
  }

  /** Returns the meta limit of {@code items}, shared under scope {@code meta}. */
  static Limit meta(
      List<RateLimitItem> items, KeyFunction keyFunction, @Nullable MissingKey missingKey) {
    StringBuilder notation = new StringBuilder();
    for (RateLimitItem item : items) {
      notation.append(notation.length() == 0 ? "" : ";").append(item);
    }
    Builder builder = new Builder(notation.toString(), List.copyOf(items), null);
    builder.missingKey = missingKey;
    return builder.keyFunction(keyFunction).shared("meta").build();
  }

  boolean hasErrorMessageFunction() {
    return errorMessageFunction != null;
  }

  /** Returns what a request takes from this limit. */
  long costFor(WebRequest request) {
    if (costFunction == null) {
      return cost;
    }
    long computed = costFunction.cost(request);
    if (computed < 0) {
      throw new IllegalStateException(
          "the cost function of limit " + this + " returned " + computed + "; costs are 0 or more");
    }
    return computed;
  }

  /** Returns the scope part for a request to {@code endpoint}, or null. */
  @Nullable String scopeFor(String endpoint) {
    return scopeFunction != null ? scopeFunction.scope(endpoint) : scope;
  }

  /** Returns true if the limit does not apply to requests of {@code method}. */
  boolean isMethodExempt(String method) {
    return !methods.isEmpty() && !methods.contains(method);
  }

  /** Returns a copy of this limit with the given default scope and sharing, for the limiter. */
  Limit withScope(@Nullable String defaultScope, boolean forceShared) {
    Builder copy = toBuilder();
    if (copy.scope == null && copy.scopeFunction == null) {
      copy.scope = defaultScope;
    }
    copy.shared = copy.shared || forceShared;
    return copy.build();
  }

  Builder toBuilder() {
    Builder copy = new Builder(notation, items, provider);
    copy.keyFunction = keyFunction;
    copy.missingKey = missingKey;
    copy.scope = scope;
    copy.scopeFunction = scopeFunction;
    copy.shared = shared;
    copy.methods = methods.isEmpty() ? null : new TreeSet<>(methods);
    copy.perMethod = perMethod;
    copy.errorMessage = errorMessage;
    copy.errorMessageFunction = errorMessageFunction;
    copy.exemptWhen = exemptWhen;
    copy.overrideDefaults = overrideDefaults;
    copy.deductWhen = deductWhen;
    copy.onBreach = onBreach;
    copy.cost = cost;
    copy.costFunction = costFunction;
    copy.metaLimits.addAll(metaLimits);
    return copy;
  }

  @Override
  public String toString() {
    String what = notation != null ? "\"" + notation + "\"" : "(dynamic)";
    return shared ? what + " shared as " + (scope != null ? scope : "(dynamic scope)") : what;
  }

  /** Builds a {@link Limit}. Single use: {@link #build()} may be called once. */
  public static final class Builder {
    private final @Nullable String notation;
    private final @Nullable List<RateLimitItem> items;
    private final @Nullable LimitProvider provider;
    private @Nullable KeyFunction keyFunction;
    private @Nullable MissingKey missingKey;
    private @Nullable String scope;
    private @Nullable ScopeFunction scopeFunction;
    private boolean shared;
    private @Nullable Set<String> methods;
    private boolean perMethod;
    private @Nullable String errorMessage;
    private @Nullable Function<WebRequest, String> errorMessageFunction;
    private @Nullable RequestCondition exemptWhen;
    private boolean overrideDefaults = true;
    private @Nullable ResponseCondition deductWhen;
    private @Nullable BreachHandler onBreach;
    private long cost = 1;
    private @Nullable CostFunction costFunction;
    private final List<RateLimitItem> metaLimits = new ArrayList<>();
    private boolean built;

    private Builder(
        @Nullable String notation,
        @Nullable List<RateLimitItem> items,
        @Nullable LimitProvider provider) {
      this.notation = notation;
      this.items = items;
      this.provider = provider;
    }

    /** Counts requests by this key function instead of the limiter's. */
    public Builder keyFunction(KeyFunction keyFunction) {
      this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
      return this;
    }

    /**
     * Says what this limit does with a request whose key function gives no key, instead of the
     * limiter's {@link Limiter.Builder#missingKey(MissingKey) choice}.
     */
    public Builder missingKey(MissingKey missingKey) {
      this.missingKey = Objects.requireNonNull(missingKey, "missingKey");
      return this;
    }

    /** Divides the route's counter by a fixed scope: the key holds {@code endpoint:scope}. */
    public Builder scope(String scope) {
      this.scope = requireText(scope, "scope");
      this.scopeFunction = null;
      return this;
    }

    /** Divides the route's counter by a scope computed from the endpoint. */
    public Builder scope(ScopeFunction scopeFunction) {
      this.scopeFunction = Objects.requireNonNull(scopeFunction, "scopeFunction");
      this.scope = null;
      return this;
    }

    /**
     * Makes this a shared limit: every route that declares it counts under {@code scope} alone, not
     * under its own endpoint.
     */
    public Builder shared(String scope) {
      scope(scope);
      this.shared = true;
      return this;
    }

    /** Makes this a shared limit whose scope is computed from the endpoint of each request. */
    public Builder shared(ScopeFunction scopeFunction) {
      scope(scopeFunction);
      this.shared = true;
      return this;
    }

    /**
     * Applies the limit to these HTTP methods only (case-insensitive).
     *
     * @throws IllegalArgumentException if none is given, or one is not an HTTP token
     */
    public Builder methods(String... methods) {
      Objects.requireNonNull(methods, "methods");
      if (methods.length == 0) {
        throw new IllegalArgumentException("methods must name at least one HTTP method");
      }
      Set<String> upper = new TreeSet<>();
      for (String method : Arrays.asList(methods)) {
        upper.add(
            HttpTokens.requireToken(requireText(method, "method").trim(), "the HTTP method")
                .toUpperCase(Locale.ROOT));
      }
      this.methods = upper;
      return this;
    }

    /** Gives each HTTP method its own counter (the key gains {@code :GET}, {@code :POST}...). */
    public Builder perMethod(boolean perMethod) {
      this.perMethod = perMethod;
      return this;
    }

    /** Describes a breach with this message instead of the limit's notation. */
    public Builder errorMessage(String errorMessage) {
      this.errorMessage = Objects.requireNonNull(errorMessage, "errorMessage");
      this.errorMessageFunction = null;
      return this;
    }

    /** Describes a breach with a message computed from the request. */
    public Builder errorMessage(Function<WebRequest, String> errorMessage) {
      this.errorMessageFunction = Objects.requireNonNull(errorMessage, "errorMessage");
      this.errorMessage = null;
      return this;
    }

    /** Skips the limit for requests that meet {@code condition}. */
    public Builder exemptWhen(RequestCondition condition) {
      this.exemptWhen = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Whether this limit replaces the default limits and those inherited from enclosing groups
     * ({@code true}, the default) or adds to them ({@code false}).
     */
    public Builder overrideDefaults(boolean overrideDefaults) {
      this.overrideDefaults = overrideDefaults;
      return this;
    }

    /**
     * Charges the request only if {@code condition} holds for its response. Before the handler
     * runs, the limit is tested (a request that would not fit is refused) but nothing is taken.
     */
    public Builder deductWhen(ResponseCondition condition) {
      this.deductWhen = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /** Calls {@code handler} when a request breaches this limit, after the limiter's handler. */
    public Builder onBreach(BreachHandler handler) {
      this.onBreach = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Takes {@code cost} from the limit for each request instead of 1. */
    public Builder cost(long cost) {
      if (cost < 0) {
        throw new IllegalArgumentException("cost must be 0 or more but was " + cost);
      }
      this.cost = cost;
      this.costFunction = null;
      return this;
    }

    /** Takes a cost computed from each request. */
    public Builder cost(CostFunction costFunction) {
      this.costFunction = Objects.requireNonNull(costFunction, "costFunction");
      return this;
    }

    /**
     * Adds meta limits: how often a client may breach this limit before it is refused everywhere,
     * such as {@code "2/minute;5/hour"}.
     *
     * @throws io.github.limiter4j.RateLimitParseException if the notation does not parse
     */
    public Builder metaLimits(String notation) {
      metaLimits.addAll(RateLimitItem.parseAll(Objects.requireNonNull(notation, "notation")));
      return this;
    }

    /** Returns the limit. */
    public Limit build() {
      if (built) {
        throw new IllegalStateException("this builder has already built its limit");
      }
      built = true;
      return new Limit(this);
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
      return value;
    }
  }
}
