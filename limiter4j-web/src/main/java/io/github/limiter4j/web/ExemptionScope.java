package io.github.limiter4j.web;

/**
 * What an exemption of a route or a route group removes. An exemption removes only the limits its
 * scopes name; limits declared on the exempt route itself stay.
 */
public enum ExemptionScope {
  /** The application-wide limits. */
  APPLICATION,
  /** The meta limits. */
  META,
  /** The default limits. */
  DEFAULT,
  /** The routes of nested groups: a group's exemption applies to its descendant groups too. */
  DESCENDENTS,
  /** The limits that a group inherits from the groups it is nested in. */
  ANCESTORS;

  /** What {@code exempt()} without scopes means: application, default and meta limits. */
  static final java.util.Set<ExemptionScope> DEFAULTS =
      java.util.Set.of(APPLICATION, DEFAULT, META);

  /** Adds {@code scopes} to {@code exemption}, rejecting nulls. */
  static void addTo(java.util.Set<ExemptionScope> exemption, ExemptionScope... scopes) {
    for (ExemptionScope scope : java.util.Objects.requireNonNull(scopes, "scopes")) {
      exemption.add(java.util.Objects.requireNonNull(scope, "scope"));
    }
  }
}
