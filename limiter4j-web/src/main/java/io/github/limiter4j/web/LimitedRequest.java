package io.github.limiter4j.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request that passed its limits: what it was counted against, for handlers that want to show
 * it, and the work left for after the response (deduct-when limits and headers). Belongs to one
 * request and is not thread-safe.
 *
 * <p>Adapters keep it where handlers can find it (the Servlet filter puts it in a request
 * attribute) and call {@link #finish(WebResponse)} before the response is committed.
 *
 * <p>A request checked in two stages, {@link Limiter#checkBeforeHandler} in a filter and then
 * {@link #checkHandler(WebRequest, Route)} once the framework has chosen the handler, is one {@code
 * LimitedRequest}: its headers and {@link #currentLimits()} show the limits of both stages, and
 * {@link #finish(WebResponse)} charges the deduct-when limits of both, each in the storage its
 * stage used; a stage that refused the request leaves none of its own to charge.
 */
public final class LimitedRequest {
  private final Limiter limiter;
  private WebRequest request;
  private String endpoint;
  private Set<ExemptionScope> exemption;
  private final boolean unlimited;
  private List<RequestLimit> currentLimits = List.of();
  private RequestLimit headerLimit;
  private final List<Limiter.PendingLimit> pending = new ArrayList<>();
  private final List<Limiter.PendingLimit> viewed = new ArrayList<>();
  private boolean finished;
  private Stage stage = Stage.COMPLETE;
  // The limits the check before the handler applied or skipped: the handler's check skips them.
  private final Set<Limit> checkedBeforeHandler =
      Collections.newSetFromMap(new IdentityHashMap<>());
  // The endpoint each path route's limits count under, when several routes were checked at once.
  private final Map<DeclaredLimit, String> endpoints = new IdentityHashMap<>();
  // The headers last given out, the second they were computed in and the application's Retry-After
  // they took into account: finish() gives the same map again when nothing they show has changed.
  private Map<String, String> shownHeaders;
  private long shownSecond;
  private String shownFor;

  LimitedRequest(
      Limiter limiter, WebRequest request, String endpoint, Set<ExemptionScope> exemption) {
    this(limiter, request, endpoint, exemption, false);
  }

  private LimitedRequest(
      Limiter limiter,
      WebRequest request,
      String endpoint,
      Set<ExemptionScope> exemption,
      boolean unlimited) {
    this.limiter = limiter;
    this.request = request;
    this.endpoint = endpoint;
    this.exemption = exemption;
    this.unlimited = unlimited;
  }

  static LimitedRequest unlimited(Limiter limiter, WebRequest request, String endpoint) {
    return new LimitedRequest(limiter, request, endpoint, Set.of(), true);
  }

  /** Returns the request. */
  public WebRequest request() {
    return request;
  }

  /** Returns the endpoint the request was counted under: its route's name, or its path. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns the limit the rate limit headers describe: the breached one, else the one with the
   * shortest window that is not shared. Empty if no limit applied.
   */
  public Optional<RequestLimit> currentLimit() {
    return Optional.ofNullable(headerLimit);
  }

  /** Returns every limit the request was counted against, the shortest window first. */
  public List<RequestLimit> currentLimits() {
    return currentLimits;
  }

  /**
   * Checks a limit on a block of the handler, like Flask-Limiter's {@code with limiter.limit(...)}:
   * counted under the request's endpoint (and the limit's scope), independently of the route's
   * limits. A breach throws, and the handler may catch it to carry on without the block.
   *
   * <pre>{@code
   * try (LimitedBlock block = limited.limit(Limit.of("1/day"))) {
   *   body.append(expensiveExtra());
   * } catch (RateLimitExceededException e) {
   *   // the extra is rationed; answer without it
   * }
   * }</pre>
   *
   * @throws RateLimitExceededException if the block's limit is breached; nothing was taken
   */
  public LimitedBlock limit(Limit limit) {
    Objects.requireNonNull(limit, "limit");
    if (!unlimited) {
      limiter.evaluate(this, List.of(limiter.declareBlock(limit)));
    }
    return LimitedBlock.INSTANCE;
  }

  /**
   * Checks the request further, once the framework has chosen its handler, against the limits of
   * the handler's {@code route}: a request that {@link Limiter#checkBeforeHandler} checked (by its
   * path, in a filter ahead of authentication), so that the handler's own limits may key on what
   * was decided since (the authenticated user, which {@code request} carries). Nothing is counted
   * twice: the application and meta limits and the limits the first check applied (a limit the
   * route shares with the path route) are skipped; the route's other limits, or the default limits
   * if it declares none, are counted under its endpoint, which {@link #endpoint()} returns from
   * then on.
   *
   * @param request the request as the handler sees it, such as wrapped by Spring Security since;
   *     {@link #request()} returns it from then on
   * @param route a route of this request's limiter, or null for a handler that is none (then the
   *     default limits apply)
   * @throws IllegalStateException if the request was not checked with {@link
   *     Limiter#checkBeforeHandler}, or was checked against its handler already
   * @throws IllegalArgumentException if the route is not one of the limiter's
   * @throws RateLimitExceededException if the request breaches a limit of the route; nothing of
   *     this check was taken, and what the first check took stays counted
   */
  public void checkHandler(WebRequest request, @Nullable Route route) {
    Objects.requireNonNull(request, "request");
    if (stage != Stage.AWAITING_HANDLER) {
      throw new IllegalStateException(
          "checkHandler needs a request checked with Limiter.checkBeforeHandler and not yet"
              + " against its handler; "
              + this
              + " is not");
    }
    stage = Stage.CHECKING_HANDLER;
    try {
      if (!unlimited) {
        limiter.checkHandler(this, request, route);
      }
    } finally {
      stage = Stage.COMPLETE;
    }
  }

  /**
   * Returns the rate limit headers as they stand now, before the response: adapters that cannot be
   * sure to see the response before it is committed (asynchronous requests) set these first, and
   * {@link #finish(WebResponse)}'s afterwards if they still can. Empty when headers are disabled.
   */
  public Map<String, String> headers() {
    if (unlimited || !limiter.headers().enabled() || headerLimit == null) {
      return Map.of();
    }
    return headersFor(null);
  }

  /**
   * Finishes the request once its response is known and before it is committed: charges the
   * deduct-when limits whose condition holds, then returns the rate limit headers to set (empty
   * when headers are disabled). Later calls return an empty map.
   */
  public Map<String, String> finish(WebResponse response) {
    Objects.requireNonNull(response, "response");
    if (finished || unlimited) {
      finished = true;
      return Map.of();
    }
    finished = true;
    limiter.deduct(this, response);
    Headers headers = limiter.headers();
    if (!headers.enabled() || headerLimit == null) {
      return Map.of();
    }
    return headersFor(response.header(headers.retryAfterName()));
  }

  /**
   * The headers at this moment, given a Retry-After the response already has. A Retry-After equal
   * to the one given out before is that one, set by the adapter, not the application's. The map
   * given out before is still right if the limits it shows are unchanged, the second is the same
   * (every value is in whole seconds) and the application's Retry-After is the one it was made for.
   */
  private Map<String, String> headersFor(String existingRetryAfter) {
    Headers headers = limiter.headers();
    long now = limiter.timeSource().currentTimeMillis();
    long second = Math.floorDiv(now, 1000);
    String requested = existingRetryAfter;
    if (shownHeaders != null
        && Objects.equals(requested, shownHeaders.get(headers.retryAfterName()))) {
      requested = shownFor;
    }
    if (shownHeaders != null && second == shownSecond && Objects.equals(requested, shownFor)) {
      return shownHeaders;
    }
    shownHeaders = headers.values(headerLimit, currentLimits, requested, now);
    shownSecond = second;
    shownFor = requested;
    return shownHeaders;
  }

  Set<ExemptionScope> exemption() {
    return exemption;
  }

  Stage stage() {
    return stage;
  }

  /** Marks the request as checked before its handler, with {@code limits} applied or skipped. */
  void checkedBeforeHandler(List<DeclaredLimit> limits) {
    stage = Stage.AWAITING_HANDLER;
    for (DeclaredLimit declared : limits) {
      checkedBeforeHandler.add(declared.limit);
    }
  }

  /** Counts {@code declared} under {@code routeEndpoint} instead of the request's endpoint. */
  void countUnder(DeclaredLimit declared, String routeEndpoint) {
    endpoints.put(declared, routeEndpoint);
  }

  /** Returns the endpoint {@code declared} counts under: its route's, else the request's. */
  String endpointOf(DeclaredLimit declared) {
    String routeEndpoint = endpoints.get(declared);
    return routeEndpoint != null ? routeEndpoint : endpoint;
  }

  /** Returns true if the check before the handler applied (or skipped) {@code limit}. */
  boolean wasCheckedBeforeHandler(Limit limit) {
    return checkedBeforeHandler.contains(limit);
  }

  /** Continues under the handler's endpoint and exemption: the handler's limits count there. */
  void continueWith(
      WebRequest handlerRequest, String handlerEndpoint, Set<ExemptionScope> handlerExemption) {
    this.request = handlerRequest;
    this.endpoint = handlerEndpoint;
    this.exemption = handlerExemption;
  }

  RequestLimit headerLimit() {
    return headerLimit;
  }

  List<Limiter.PendingLimit> pending() {
    return pending;
  }

  /**
   * Records the outcome of one evaluation. A block's evaluation replaces the route's, as in
   * Flask-Limiter, unless no limit of the block applied. A refused evaluation leaves no deduct-when
   * limit to charge: a refusal takes nothing.
   */
  void record(List<Limiter.PendingLimit> counted, List<RequestLimit> views, RequestLimit header) {
    boolean refused = header != null && header.breached();
    if (stage == Stage.CHECKING_HANDLER) {
      recordFurther(counted, views, header, refused);
      return;
    }
    if (views.isEmpty() && !currentLimits.isEmpty()) {
      return;
    }
    this.currentLimits = List.copyOf(views);
    this.headerLimit = header;
    this.shownHeaders = null;
    viewed.clear();
    for (Limiter.PendingLimit each : counted) {
      viewed.add(each);
      if (each.testOnly && !refused) {
        pending.add(each);
      }
    }
  }

  /**
   * Adds the handler's limits to those of the check before it, the shortest window first. The
   * header limit is the breached one, else again the shortest window that is not shared.
   */
  private void recordFurther(
      List<Limiter.PendingLimit> counted,
      List<RequestLimit> views,
      RequestLimit breached,
      boolean refused) {
    List<Integer> order = new ArrayList<>();
    List<Limiter.PendingLimit> allCounted = new ArrayList<>(viewed);
    allCounted.addAll(counted);
    List<RequestLimit> allViews = new ArrayList<>(currentLimits);
    allViews.addAll(views);
    for (int i = 0; i < allViews.size(); i++) {
      order.add(i);
    }
    order.sort(java.util.Comparator.comparingLong(i -> allViews.get(i).item().windowMillis()));
    List<RequestLimit> sortedViews = new ArrayList<>(order.size());
    viewed.clear();
    for (int i : order) {
      sortedViews.add(allViews.get(i));
      // A view only lines up with a pending limit when every view had one (no meta breach).
      if (allCounted.size() == allViews.size()) {
        viewed.add(allCounted.get(i));
      }
    }
    for (Limiter.PendingLimit each : counted) {
      // The first stage's stay pending: what it took stays taken when the handler refuses.
      if (each.testOnly && !refused) {
        pending.add(each);
      }
    }
    currentLimits = List.copyOf(sortedViews);
    headerLimit =
        breached != null && breached.breached() ? breached : Limiter.headerLimitOf(currentLimits);
    shownHeaders = null;
  }

  /** Replaces the view of a limit after a deduction charged it. */
  void update(Limiter.PendingLimit charged, RequestLimit view) {
    int index = viewed.indexOf(charged);
    if (index < 0) {
      return;
    }
    List<RequestLimit> updated = new ArrayList<>(currentLimits);
    RequestLimit old = updated.get(index);
    updated.set(index, view);
    currentLimits = List.copyOf(updated);
    shownHeaders = null;
    if (old == headerLimit) {
      headerLimit = view;
    }
  }

  /**
   * Forgets what was recorded: the storage failed and errors are swallowed. In the handler's stage
   * nothing of that stage was recorded, and the first stage's limits and headers stay.
   */
  void clear() {
    if (stage == Stage.CHECKING_HANDLER) {
      return;
    }
    currentLimits = List.of();
    headerLimit = null;
    shownHeaders = null;
    viewed.clear();
  }

  /** Where a request stands in a check of two stages. */
  enum Stage {
    /** Checked in one go, or in both stages. */
    COMPLETE,
    /** Checked by {@link Limiter#checkBeforeHandler}; the handler's limits are still to check. */
    AWAITING_HANDLER,
    /** Being checked against the handler's limits. */
    CHECKING_HANDLER
  }

  @Override
  public String toString() {
    return "LimitedRequest{" + request.method() + " " + endpoint + " " + currentLimits + "}";
  }
}
