package io.github.limiter4j.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Limits and an exemption shared by the routes of a group: Flask's blueprints. Routes name the
 * chain of groups they are nested in ({@code "parent.child"}). A group is declared by its full
 * dotted name ({@code "parent.child"}: {@code child} nested in {@code parent}), and then applies at
 * that place only, so {@code a.api} and {@code b.api} are two groups; a group declared by a name
 * without dots ({@code child}) applies at every place of a chain with that name where no group is
 * declared by the full name.
 *
 * <p>A route gets the limits of the innermost level that declares any (its own, then its group's,
 * then the enclosing groups' outwards). If those limits override defaults (the default), that is
 * all; if they do not, the route also gets the limits of every enclosing group and the default
 * limits. {@link ExemptionScope#ANCESTORS} stops a group from inheriting its enclosing groups'
 * limits, and {@link ExemptionScope#DESCENDENTS} extends a group's exemption to nested groups.
 *
 * <pre>{@code
 * RouteGroup parent = RouteGroup.builder("parent").limit(Limit.of("2/minute")).build();
 * RouteGroup child = RouteGroup.builder("child")
 *     .limit(Limit.builder("1/second").overrideDefaults(false).build())
 *     .build();
 * }</pre>
 */
public final class RouteGroup {
  private final String name;
  private final List<Limit> limits;
  private final Set<ExemptionScope> exemption;

  private RouteGroup(Builder builder) {
    this.name = builder.name;
    this.limits = List.copyOf(builder.limits);
    this.exemption = builder.exemption.isEmpty() ? Set.of() : Set.copyOf(builder.exemption);
  }

  /**
   * Returns a builder of the group named {@code name}: its full dotted name such as {@code
   * parent.child}, or a name without dots.
   *
   * @throws IllegalArgumentException if the name is blank or has a blank part between dots
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the group's name, as declared. */
  public String name() {
    return name;
  }

  /** Returns the limits declared on the group. */
  public List<Limit> limits() {
    return limits;
  }

  /** Returns what the group's routes are exempt from; empty if none. */
  public Set<ExemptionScope> exemption() {
    return exemption;
  }

  @Override
  public String toString() {
    return "RouteGroup{" + name + "}";
  }

  static String checkPath(String dottedName) {
    Objects.requireNonNull(dottedName, "group");
    for (String part : dottedName.split("\\.", -1)) {
      if (part.isBlank()) {
        throw new IllegalArgumentException(
            "group \""
                + dottedName
                + "\" must be group names joined by dots, such as parent.child");
      }
    }
    return dottedName;
  }

  /** Builds a {@link RouteGroup}. Single use: {@link #build()} may be called once. */
  public static final class Builder {
    private final String name;
    private final List<Limit> limits = new ArrayList<>();
    private final Set<ExemptionScope> exemption = EnumSet.noneOf(ExemptionScope.class);
    private boolean built;

    private Builder(String name) {
      this.name = checkPath(Objects.requireNonNull(name, "name"));
    }

    /** Adds a limit for every route of the group. */
    public Builder limit(Limit limit) {
      limits.add(Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /**
     * Adds the limits of {@code notation} for every route of the group.
     *
     * @throws IllegalArgumentException if the notation does not parse, naming the group
     */
    public Builder limit(String notation) {
      return limit(Limit.declaredBy("route group " + name, notation));
    }

    /** Exempts the group's routes from the application, default and meta limits. */
    public Builder exempt() {
      exemption.addAll(ExemptionScope.DEFAULTS);
      return this;
    }

    /** Exempts the group's routes from what {@code scopes} name. */
    public Builder exempt(ExemptionScope... scopes) {
      ExemptionScope.addTo(exemption, scopes);
      return this;
    }

    /** Returns the group. */
    public RouteGroup build() {
      if (built) {
        throw new IllegalStateException("this builder has already built its group");
      }
      built = true;
      return new RouteGroup(this);
    }
  }
}
