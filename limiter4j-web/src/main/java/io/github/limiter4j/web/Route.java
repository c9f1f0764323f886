package io.github.limiter4j.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint of the application as the limiter sees it: a name, the requests it serves (a path
 * pattern and methods), the route group it belongs to, its limits and its exemption.
 *
 * <p>Path patterns are matched segment by segment: a literal segment matches itself, {@code {name}}
 * and {@code *} match any one segment, and a final {@code **} matches the rest of the path.
 * Frameworks that match requests to endpoints themselves (Spring MVC) need only the name.
 *
 * <pre>{@code
 * Route login = Route.builder("login")
 *     .path("/login")
 *     .methods("POST")
 *     .limit(Limit.of("5/minute"))
 *     .build();
 * Route health = Route.builder("health").path("/health").exempt().build();
 * }</pre>
 */
public final class Route {
  private final String endpoint;
  // Read directly in this package; the getters wrap them.
  final @Nullable String path;
  private final @Nullable PathPattern pattern;
  private final Set<String> methods;
  final @Nullable String group;
  private final List<Limit> limits;
  private final Set<ExemptionScope> exemption;
  private final boolean checkedBeforeHandler;

  private Route(Builder builder) {
    this.endpoint = builder.endpoint;
    this.path = builder.path;
    this.pattern = builder.path == null ? null : PathPattern.compile(builder.path);
    this.methods = Set.copyOf(builder.methods);
    this.group = builder.group;
    this.limits = List.copyOf(builder.limits);
    this.exemption = builder.exemption.isEmpty() ? Set.of() : Set.copyOf(builder.exemption);
    this.checkedBeforeHandler = builder.checkedBeforeHandler;
  }

  /**
   * Returns a builder of the route named {@code endpoint}. The name is part of the storage keys of
   * the route's limits, so it should stay the same across releases.
   */
  public static Builder builder(String endpoint) {
    return new Builder(endpoint);
  }

  /** Returns the route's name. */
  public String endpoint() {
    return endpoint;
  }

  /** Returns the path pattern; empty for a route matched by its framework. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Returns the methods the route serves (upper case); empty for every method. */
  public Set<String> methods() {
    return methods;
  }

  /**
   * Returns the dotted name of the route's group, such as {@code parent.child}; empty if the route
   * is in no group.
   */
  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /** Returns the limits declared on the route. */
  public List<Limit> limits() {
    return limits;
  }

  /** Returns what the route is exempt from; empty if it is not exempt. */
  public Set<ExemptionScope> exemption() {
    return exemption;
  }

  /**
   * Returns true if adapters check this route by path before the framework chooses the handler (see
   * {@link Builder#checkedBeforeHandler()}).
   */
  public boolean isCheckedBeforeHandler() {
    return checkedBeforeHandler;
  }

  /** Returns true if the route serves {@code method} requests to {@code path}. */
  public boolean matches(String method, String path) {
    return pattern != null
        && (methods.isEmpty() || methods.contains(method))
        && pattern.matches(path);
  }

  @Nullable PathPattern pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return "Route{" + endpoint + (path != null ? " " + methods + " " + path : "") + "}";
  }

  /** Builds a {@link Route}. Single use: {@link #build()} may be called once. */
  public static final class Builder {
    private final String endpoint;
    private @Nullable String path;
    private final Set<String> methods = new TreeSet<>();
    private @Nullable String group;
    private final List<Limit> limits = new ArrayList<>();
    private final Set<ExemptionScope> exemption = EnumSet.noneOf(ExemptionScope.class);
    private boolean checkedBeforeHandler;
    private boolean built;

    private Builder(String endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.isBlank()) {
        throw new IllegalArgumentException("endpoint must not be blank");
      }
      this.endpoint = endpoint;
    }

    /**
     * Serves requests whose path matches {@code pattern}, such as {@code /users/{id}} or {@code
     * /static/**}.
     *
     * @throws IllegalArgumentException if the pattern is malformed
     */
    public Builder path(String pattern) {
      PathPattern.compile(Objects.requireNonNull(pattern, "pattern"));
      this.path = pattern;
      return this;
    }

    /** Serves only these HTTP methods (case-insensitive); by default every method. */
    public Builder methods(String... methods) {
      for (String method : Objects.requireNonNull(methods, "methods")) {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
          throw new IllegalArgumentException("a method must not be blank");
        }
        this.methods.add(method.toUpperCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Puts the route in a group, by the dotted names of the groups it is nested in, outermost
     * first: {@code "parent.child"}.
     */
    public Builder group(String dottedName) {
      this.group = RouteGroup.checkPath(dottedName);
      return this;
    }

    /** Adds a limit to the route. */
    public Builder limit(Limit limit) {
      limits.add(Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Adds the limits of {@code notation}, such as {@code "10/minute;100/hour"}.
     *
     * @throws IllegalArgumentException if the notation does not parse, naming the route
     */
    public Builder limit(String notation) {
      return limit(Limit.declaredBy("route " + endpoint, notation));
    }

    /** Exempts the route from the application, default and meta limits. */
    public Builder exempt() {
      exemption.addAll(ExemptionScope.DEFAULTS);
      return this;
    }

    /** Exempts the route from what {@code scopes} name. */
    public Builder exempt(ExemptionScope... scopes) {
      ExemptionScope.addTo(exemption, scopes);
      return this;
    }

    /**
     * Marks the route as one that its adapter checks by path before the framework chooses the
     * handler, with {@link Limiter#checkBeforeHandler} (as the Spring Boot integration does for its
     * path entries, in a filter ahead of Spring Security): a limit it shares with a handler's route
     * (the same {@link Limit} on both) is counted under this route, so the limits report lists it
     * under this route only.
     */
    public Builder checkedBeforeHandler() {
      this.checkedBeforeHandler = true;
      return this;
    }

    /** Returns the route. */
    public Route build() {
      if (built) {
        throw new IllegalStateException("this builder has already built its route");
      }
      built = true;
      return new Route(this);
    }
  }
}
