package io.github.limiter4j.web;

import io.github.limiter4j.RateLimitItem;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * A {@link Limit} as the limiter applies it: with its kind, the key function that counts it and,
 * for a dynamic limit, the last notation it parsed.
 */
final class DeclaredLimit {
  private static final Logger LOG = Loggers.of(Limiter.class);

  /** Where a limit was declared, which decides what an exemption removes. */
  enum Kind {
    APPLICATION,
    DEFAULT,
    ROUTE,
    GROUP,
    META,
    FALLBACK,
    BLOCK
  }

  final Limit limit;
  final Kind kind;
  final KeyFunction keyFunction;
  final String origin;
  // The limit's own meta limits, counted under the limit's key function; null if it has none.
  final DeclaredLimit metaLimit;
  // True if what a request takes may differ from what start-up checked the storage can hold.
  final boolean checkedPerRequest;
  private final List<String> staticDescriptions;
  // The last notation a dynamic limit gave, with its items: providers mostly repeat themselves.
  private final AtomicReference<Parsed> lastParsed = new AtomicReference<>();
  // Every item a dynamic limit has given, so that a key can be shown and cleared against the
  // limits it was counted under (a key's plan is known only from its requests). Bounded: a
  // provider that makes up a new limit per request must not grow it without end.
  private final Set<RateLimitItem> seen = ConcurrentHashMap.newKeySet();
  static final int MAX_SEEN_ITEMS = 256;

  DeclaredLimit(Limit limit, Kind kind, KeyFunction keyFunction, String origin) {
    this.limit = limit;
    this.kind = kind;
    this.keyFunction = limit.keyFunction != null ? limit.keyFunction : keyFunction;
    this.origin = origin;
    this.metaLimit =
        limit.metaLimits().isEmpty()
            ? null
            : new DeclaredLimit(
                Limit.meta(limit.metaLimits(), this.keyFunction, limit.missingKey),
                Kind.META,
                this.keyFunction,
                "meta limit of " + origin);
    this.checkedPerRequest = limit.isDynamic() || costIsDynamic() || kind == Kind.BLOCK;
    this.staticDescriptions =
        limit.isDynamic()
            ? List.of()
            : limit.items().stream()
                .map(item -> limit.errorMessage != null ? limit.errorMessage : item.toString())
                .toList();
  }

  /** Returns true if the cost is computed per request. */
  boolean costIsDynamic() {
    return kind != Kind.META && limit.costFunction != null;
  }

  /** Returns what every request takes, or 0 if the cost is computed per request. */
  long staticCost() {
    return kind == Kind.META ? 1 : costIsDynamic() ? 0 : limit.cost();
  }

  /** Returns what {@code request} takes (a meta limit counts a breach once). */
  long costFor(WebRequest request) {
    return kind == Kind.META ? 1 : limit.costFor(request);
  }

  /** Returns the items of this limit for {@code request}; empty if a dynamic one does not parse. */
  List<RateLimitItem> itemsFor(WebRequest request) {
    if (!limit.isDynamic()) {
      return limit.items();
    }
    String notation = limit.provider.limits(request);
    if (notation == null || notation.isBlank()) {
      return List.of();
    }
    Parsed parsed = lastParsed.get();
    if (parsed != null && parsed.notation.equals(notation)) {
      return parsed.items;
    }
    try {
      List<RateLimitItem> items = RateLimitItem.parseAll(notation);
      lastParsed.set(new Parsed(notation, items));
      for (RateLimitItem item : items) {
        if (seen.size() < MAX_SEEN_ITEMS) {
          seen.add(item);
        }
      }
      return items;
    } catch (IllegalArgumentException e) {
      LOG.error("Skipping the dynamic limit of {}: {}", origin, e.getMessage());
      return List.of();
    }
  }

  /**
   * Returns the items a dynamic limit has given since start-up (at most {@link #MAX_SEEN_ITEMS}),
   * in their notation's order; empty for a static limit.
   */
  List<RateLimitItem> seenItems() {
    return seen.stream().sorted(java.util.Comparator.comparing(RateLimitItem::toString)).toList();
  }

  /** Returns true if this dynamic limit remembers as many of its items as it may. */
  boolean seenFull() {
    return seen.size() >= MAX_SEEN_ITEMS;
  }

  /** Returns the description of a breach of the {@code index}th item for {@code request}. */
  String description(WebRequest request, RateLimitItem item, int index) {
    if (index < staticDescriptions.size() && !limit.hasErrorMessageFunction()) {
      return staticDescriptions.get(index);
    }
    String message = limit.errorMessageFor(request);
    return message != null ? message : item.toString();
  }

  @Override
  public String toString() {
    return origin + " " + limit;
  }

  private record Parsed(String notation, List<RateLimitItem> items) {}
}
