package io.github.limiter4j.web;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Selects limits for {@link Limiter#limits(LimitsQuery)} and {@link Limiter#clear(LimitsQuery)}: of
 * one endpoint, of the route serving a path, for one method, and for one client key.
 */
public final class LimitsQuery {
  // Read directly by the limiter in this package; the getters wrap them.
  final @Nullable String endpoint;
  final @Nullable String path;
  final @Nullable String method;
  final @Nullable String key;

  private LimitsQuery(Builder builder) {
    this.endpoint = builder.endpoint;
    this.path = builder.path;
    this.method = builder.method;
    this.key = builder.key;
  }

  /** Returns a query of every limit, without a key. */
  public static LimitsQuery all() {
    return builder().build();
  }

  /**
   * Returns the query of the given parts, each null when it does not narrow the query: the form of
   * command-line options and request parameters.
   */
  public static LimitsQuery of(
      @Nullable String key,
      @Nullable String endpoint,
      @Nullable String path,
      @Nullable String method) {
    Builder query = builder();
    if (key != null) {
      query.key(key);
    }
    if (endpoint != null) {
      query.endpoint(endpoint);
    }
    if (path != null) {
      query.path(path);
    }
    if (method != null) {
      query.method(method);
    }
    return query.build();
  }

  /** Returns a builder of a query. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the endpoint to show; empty for every route. */
  public Optional<String> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** Returns the path whose route to show; empty if the query names none. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Returns the HTTP method (upper case); empty for every method. */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /** Returns the client key whose status to show or clear; empty without a key. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  @Override
  public String toString() {
    return "LimitsQuery{endpoint="
        + endpoint
        + ", path="
        + path
        + ", method="
        + method
        + ", key="
        + key
        + "}";
  }

  /** Builds a {@link LimitsQuery}. */
  public static final class Builder {
    private @Nullable String endpoint;
    private @Nullable String path;
    private @Nullable String method;
    private @Nullable String key;

    private Builder() {}

    /** Shows only the route named {@code endpoint}. */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Shows only the route serving {@code path} (for the query's method, GET by default). */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Shows only limits that apply to {@code method}. */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      return this;
    }

    /** Shows the status of each limit for the client {@code key}, as the key function gives it. */
    public Builder key(String key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Returns the query. */
    public LimitsQuery build() {
      return new LimitsQuery(this);
    }
  }
}
