package io.github.limiter4j.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits of one route, worked out once when the limiter is built: application limits, default
 * limits and the limits of the route and its groups, after exemptions.
 */
final class ResolvedRoute {
  final Set<ExemptionScope> exemption;
  private final List<DeclaredLimit> limits;
  private final List<DeclaredLimit> declared;
  // The limits when every declared limit is restricted to other methods: then the defaults apply.
  private final List<DeclaredLimit> limitsWhenMethodExempt;

  private ResolvedRoute(
      Set<ExemptionScope> exemption,
      List<DeclaredLimit> limits,
      List<DeclaredLimit> declared,
      List<DeclaredLimit> limitsWhenMethodExempt) {
    this.exemption = exemption;
    this.limits = limits;
    this.declared = declared;
    this.limitsWhenMethodExempt = limitsWhenMethodExempt;
  }

  /** Returns the limits that apply to a request of {@code method}, in declaration order. */
  List<DeclaredLimit> limitsFor(String method) {
    if (limitsWhenMethodExempt != null) {
      boolean allExempt = true;
      for (DeclaredLimit limit : declared) {
        allExempt &= limit.limit.isMethodExempt(method);
      }
      if (allExempt) {
        return limitsWhenMethodExempt;
      }
    }
    return limits;
  }

  /** Returns every limit the route may apply, for introspection. */
  List<DeclaredLimit> allLimits() {
    return limitsWhenMethodExempt != null ? limitsWhenMethodExempt : limits;
  }

  /**
   * The name the group at {@code chain[index]} is declared under: its full dotted name if a group
   * is declared by it, else its last name alone (a group declared without dots applies wherever it
   * is nested, unless the full name is declared).
   */
  private static String declaredAt(
      List<String> chain, int index, Map<String, List<DeclaredLimit>> groupLimits) {
    String full = String.join(".", chain.subList(0, index + 1));
    return groupLimits.containsKey(full) ? full : chain.get(index);
  }

  /** The limits of a request that matched no route: application and default limits. */
  static ResolvedRoute unrouted(List<DeclaredLimit> application, List<DeclaredLimit> defaults) {
    List<DeclaredLimit> limits = new ArrayList<>(application);
    limits.addAll(defaults);
    return new ResolvedRoute(Set.of(), List.copyOf(limits), List.of(), null);
  }

  /**
   * Resolves a route. {@code groupLimits} holds each declared group's limits; {@code
   * groupExemptions} each declared group's exemption.
   */
  static ResolvedRoute resolve(
      Route route,
      List<DeclaredLimit> routeLimits,
      Map<String, List<DeclaredLimit>> groupLimits,
      Map<String, Set<ExemptionScope>> groupExemptions,
      List<DeclaredLimit> application,
      List<DeclaredLimit> defaults) {
    EnumSet<ExemptionScope> exemption = EnumSet.noneOf(ExemptionScope.class);
    exemption.addAll(route.exemption());
    List<String> chain = route.group == null ? List.of() : List.of(route.group.split("\\."));

    // Levels from the route outwards: the route, its own group, then enclosing groups.
    List<List<DeclaredLimit>> levels = new ArrayList<>();
    levels.add(routeLimits);
    boolean inheritAncestors = !exemption.contains(ExemptionScope.ANCESTORS);
    for (int i = chain.size() - 1; i >= 0; i--) {
      String group = declaredAt(chain, i, groupLimits);
      Set<ExemptionScope> groupExemption = groupExemptions.getOrDefault(group, Set.of());
      boolean own = i == chain.size() - 1;
      if (own) {
        exemption.addAll(groupExemption);
        inheritAncestors &= !groupExemption.contains(ExemptionScope.ANCESTORS);
        levels.add(groupLimits.getOrDefault(group, List.of()));
      } else if (groupExemption.contains(ExemptionScope.DESCENDENTS)) {
        // An ancestor exempting its descendants lends them its exemption, not its limits.
        exemption.addAll(groupExemption);
      } else if (inheritAncestors) {
        levels.add(groupLimits.getOrDefault(group, List.of()));
      }
    }

    List<DeclaredLimit> declared = new ArrayList<>();
    boolean withDefaults = true;
    for (int level = 0; level < levels.size(); level++) {
      List<DeclaredLimit> found = levels.get(level);
      if (found.isEmpty()) {
        continue;
      }
      declared.addAll(found);
      boolean overrides = found.stream().anyMatch(limit -> limit.limit.overridesDefaults());
      if (overrides) {
        withDefaults = false;
      } else {
        // Limits that do not override keep everything above them.
        for (int above = level + 1; above < levels.size(); above++) {
          declared.addAll(levels.get(above));
        }
      }
      break;
    }

    List<DeclaredLimit> base = new ArrayList<>();
    if (!exemption.contains(ExemptionScope.APPLICATION)) {
      base.addAll(application);
    }
    boolean defaultsAllowed = !exemption.contains(ExemptionScope.DEFAULT);
    List<DeclaredLimit> limits = new ArrayList<>(base);
    if (withDefaults && defaultsAllowed) {
      limits.addAll(defaults);
    }
    limits.addAll(declared);

    List<DeclaredLimit> whenMethodExempt = null;
    boolean restricted = declared.stream().anyMatch(limit -> !limit.limit.methods().isEmpty());
    if (!withDefaults && defaultsAllowed && restricted && !defaults.isEmpty()) {
      whenMethodExempt = new ArrayList<>(base);
      whenMethodExempt.addAll(defaults);
      whenMethodExempt.addAll(declared);
      whenMethodExempt = List.copyOf(whenMethodExempt);
    }
    return new ResolvedRoute(
        Collections.unmodifiableSet(exemption),
        List.copyOf(limits),
        List.copyOf(declared),
        whenMethodExempt);
  }
}
