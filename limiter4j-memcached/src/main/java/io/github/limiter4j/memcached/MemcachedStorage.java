package io.github.limiter4j.memcached;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Limits counted in memcached (1.6 or newer), shared by every application instance that uses the
 * same servers: one server or several (keys spread by rendezvous hashing), over TCP or a unix
 * socket.
 *
 * <pre>{@code
 * MemcachedStorage storage = MemcachedStorage.builder("memcached://cache1:11211,cache2:11211").build();
 * }</pre>
 *
 * <p>The storage speaks memcached's meta text protocol itself and pipelines a request's commands:
 * the sliding window counter decides a request in one round trip per server, the fixed window in
 * one once it knows the key's window (two the first time), the moving window in two. Memcached has
 * no transactions: a batch takes its limits one by one and gives back what it took if one does not
 * fit, so no limit ever admits more than its amount, but a concurrent request may briefly see a
 * taking that is then given back. Times are this process's clock; memcached's expiry only cleans up
 * keys after their windows end.
 */
public final class MemcachedStorage
    implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  /** The default key prefix: keys are {@code LIMITS:<key>}. */
  public static final String DEFAULT_KEY_PREFIX = "LIMITS";

  /** The default bound on how long a request waits for the servers. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  // Memcached reads a relative expiry longer than this as an absolute time.
  private static final long LONGEST_RELATIVE_EXPIRY_SECONDS = 30L * 24 * 3600;

  private final MemcachedClient client;
  private final MemcachedKeys keys;
  private final TimeSource timeSource;
  private final String description;
  private final FixedWindowStore fixedWindow;
  private final SlidingWindowStore slidingWindowCounter;
  private final MovingWindowStore movingWindow;

  MemcachedStorage(
      MemcachedSettings settings, String keyPrefix, Duration timeout, TimeSource timeSource) {
    this.client =
        new MemcachedClient(
            settings.addresses(),
            settings.names,
            timeout != null ? timeout : settings.timeout,
            settings.connectTimeout,
            settings.maxConnections);
    this.keys = new MemcachedKeys(keyPrefix != null ? keyPrefix : settings.keyPrefix);
    this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
    this.description = settings.description;
    this.fixedWindow = new FixedWindowStore(this);
    this.slidingWindowCounter = new SlidingWindowStore(this);
    this.movingWindow = new MovingWindowStore(this);
  }

  /**
   * Returns a builder of a storage for the URI: {@code memcached://host:port[,host:port...]} or
   * {@code memcached:///path/to/memcached.sock}.
   */
  public static Builder builder(String uri) {
    return new Builder(Objects.requireNonNull(uri, "uri"));
  }

  @Override
  public WindowStore fixedWindow() {
    return fixedWindow;
  }

  @Override
  public WindowStore movingWindow() {
    return movingWindow;
  }

  @Override
  public WindowStore slidingWindowCounter() {
    return slidingWindowCounter;
  }

  /** Returns true if every server answers a no-op within the timeout. */
  @Override
  public boolean isHealthy() {
    return client.ping();
  }

  /**
   * Deletes every key under the key prefix on every server. Memcached cannot search keys; they are
   * listed with its LRU crawler ({@code lru_crawler metadump hash}, memcached 1.6.10 and newer),
   * which walks the whole cache without blocking it: slow on a large cache. Keys other clients
   * write meanwhile may remain.
   *
   * @return -1: a limit's key is stored as one or more memcached items, so the number of limit keys
   *     removed is unknown
   */
  @Override
  public long reset() {
    List<String> found = client.keysStartingWith(keys.prefix(), Duration.ofMinutes(1));
    for (int from = 0; from < found.size(); from += 1000) {
      List<MetaCommand> deletes = new ArrayList<>();
      for (String key : found.subList(from, Math.min(found.size(), from + 1000))) {
        deletes.add(MetaCommand.delete(key));
      }
      client.execute(deletes);
    }
    return -1;
  }

  /** Closes the storage's connections. Idempotent. */
  @Override
  public void close() {
    client.close();
  }

  /** Returns the key prefix. */
  public String keyPrefix() {
    return keys.prefix().substring(0, keys.prefix().length() - 1);
  }

  /** Returns the servers the storage counts in. */
  @Override
  public String toString() {
    return description;
  }

  long now() {
    return timeSource.currentTimeMillis();
  }

  String key(String key) {
    return keys.of(key);
  }

  long roundTrips() {
    return client.roundTrips();
  }

  List<MetaResponse> execute(List<MetaCommand> commands) {
    return client.execute(commands);
  }

  /**
   * Returns the expiry to give memcached for an item needed for {@code millis} more: whole seconds,
   * one more than needed since memcached's clock ticks by the second; an absolute time past 30
   * days, as memcached wants; 0 (never, evicted when room is needed) past what it can hold.
   */
  static long exptime(long millis) {
    long seconds = Math.max(0, millis) / 1000 + 2;
    if (seconds <= LONGEST_RELATIVE_EXPIRY_SECONDS) {
      return seconds;
    }
    long absolute = System.currentTimeMillis() / 1000 + seconds;
    return absolute > 0 && absolute <= Integer.MAX_VALUE ? absolute : 0;
  }

  static StorageException unexpected(String operation, String key, MetaResponse response) {
    return new StorageException(
        "memcached answered " + response.status() + " to " + operation + " of key " + key);
  }

  /** Builds a {@link MemcachedStorage}. Single use: {@link #build()} may be called once. */
  public static final class Builder {
    private final String uri;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private String keyPrefix;
    private Duration timeout;
    private TimeSource timeSource = TimeSource.system();
    private boolean built;

    private Builder(String uri) {
      this.uri = uri;
    }

    /** Puts keys under {@code prefix:}; by default {@code LIMITS}. */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      MemcachedSettings.checkKeyPrefix(prefix, IllegalArgumentException::new);
      this.keyPrefix = prefix;
      return this;
    }

    /** Bounds how long a call waits for the servers; by default one second. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Adds an option, as if it were in the URI's query. */
    public Builder option(String name, Object value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Reads time from {@code timeSource}; by default the system clock. */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Returns the storage. It connects on first use, so it can be built while the servers are down.
     *
     * @throws IllegalArgumentException if the URI or an option is wrong, naming it
     */
    public MemcachedStorage build() {
      if (built) {
        throw new IllegalStateException("this builder has already built its storage");
      }
      built = true;
      return new MemcachedStorage(
          MemcachedSettings.parse(uri, options), keyPrefix, timeout, timeSource);
    }
  }
}
