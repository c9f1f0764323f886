package io.github.limiter4j.redis;

import io.github.limiter4j.Strategy;
import io.github.limiter4j.TimeSource;
import io.github.limiter4j.internal.Utf8Keys;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits counted in Redis or Valkey (7.0 or newer), shared by every application instance that uses
 * the same server: standalone, TLS, unix socket, Cluster or Sentinel, on Lettuce.
 *
 * <p>Every operation is one Lua script call, atomic on the server, with the server's clock: a
 * request's whole batch of limits is decided in one round trip. Keys follow the layout of the
 * Python {@code limits} library ({@code LIMITS:LIMITER/...}), so a Python service sharing the
 * server sees the same counters.
 *
 * <pre>{@code
 * RedisStorage storage = RedisStorage.builder("redis://:secret@localhost:6379/0").build();
 * }</pre>
 *
 * <p>Build it from a URI ({@link #builder(String)}, or {@code Storages.fromUri}) or around a
 * connection the application already has ({@link Builder#connection}).
 */
public final class RedisStorage
    implements Storage, MovingWindowSupport, SlidingWindowCounterSupport {
  /** The default key prefix, as in {@code limits}: keys are {@code LIMITS:<key>}. */
  public static final String DEFAULT_KEY_PREFIX = "LIMITS";

  /** The default bound on how long a request waits for the server. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  static final String SCRIPT = loadScript();

  private final RedisConnector connector;
  private final String keyPrefix;
  private final TimeSource timeSource;
  private final String description;
  private final String scriptSha;
  private final RedisWindowStore fixedWindow;
  private final RedisWindowStore movingWindow;
  private final RedisWindowStore slidingWindowCounter;

  RedisStorage(
      RedisConnector connector, String keyPrefix, TimeSource timeSource, String description) {
    this.connector = connector;
    this.keyPrefix = keyPrefix;
    this.timeSource = timeSource;
    this.description = description;
    this.scriptSha = RedisScripts.sha1(SCRIPT);
    this.fixedWindow = new RedisWindowStore(this, Strategy.FIXED_WINDOW);
    this.movingWindow = new RedisWindowStore(this, Strategy.MOVING_WINDOW);
    this.slidingWindowCounter = new RedisWindowStore(this, Strategy.SLIDING_WINDOW_COUNTER);
    try {
      if (connector.isConnected()) {
        connector.commands().scriptLoad(SCRIPT);
      }
    } catch (RedisException | StorageException unreachableNow) {
      // Loaded on first use instead: the storage can start while the server is down.
    }
  }

  /** Returns a builder of a storage for the URI, such as {@code redis://localhost:6379}. */
  public static Builder builder(String uri) {
    return new Builder(Objects.requireNonNull(uri, "uri"));
  }

  /** Returns a builder of a storage around a connection the application manages. */
  public static Builder builder() {
    return new Builder(null);
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

  /** Returns true for a cluster, whose batches are atomic only within one hash slot. */
  @Override
  public boolean prefersHashTaggedKeys() {
    return connector.isCluster();
  }

  /** Returns true if the server answers a PING within the timeout. */
  @Override
  public boolean isHealthy() {
    try {
      return "PONG".equalsIgnoreCase(connector.commands().ping());
    } catch (RedisException | StorageException e) {
      return false;
    }
  }

  /**
   * Deletes every key under the key prefix, found with {@code SCAN} (never {@code KEYS}) and
   * deleted in batches, on every node of a cluster.
   */
  @Override
  public long reset() {
    RedisClusterCommands<String, String> commands = connector.commands();
    ScanArgs match = ScanArgs.Builder.matches(escapeGlob(keyPrefix) + ":*").limit(1000);
    long removed = 0;
    try {
      KeyScanCursor<String> cursor = commands.scan(match);
      while (true) {
        List<String> keys = cursor.getKeys();
        if (!keys.isEmpty()) {
          // One call per page; on a cluster, Lettuce splits it by slot.
          removed += commands.unlink(keys.toArray(new String[0]));
        }
        if (cursor.isFinished()) {
          return removed;
        }
        cursor = commands.scan(cursor, match);
      }
    } catch (RedisException e) {
      throw failure("reset", e);
    }
  }

  /** Closes the connections the storage opened; a connection passed in stays open. */
  @Override
  public void close() {
    connector.close();
  }

  /** Returns the key prefix. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** Returns where the storage counts, its password masked. */
  @Override
  public String toString() {
    return description;
  }

  String storageKey(String key) {
    // Keys travel as UTF-8, which has no bytes for a lone surrogate.
    return keyPrefix + ":" + Utf8Keys.encodable(key);
  }

  boolean isCluster() {
    return connector.isCluster();
  }

  /** Runs the script: by SHA, loading it again if the server lost it (a restart, a failover). */
  List<Object> run(String[] keys, String[] arguments) {
    RedisClusterCommands<String, String> commands = connector.commands();
    try {
      try {
        return commands.evalsha(scriptSha, ScriptOutputType.MULTI, keys, arguments);
      } catch (RedisNoScriptException e) {
        return commands.eval(SCRIPT, ScriptOutputType.MULTI, keys, arguments);
      }
    } catch (RedisException e) {
      throw failure("script", e);
    }
  }

  void delete(String... keys) {
    try {
      for (String key : keys) {
        connector.commands().unlink(key);
      }
    } catch (RedisException e) {
      throw failure("delete", e);
    }
  }

  /** The time to pass to the script: empty for the server's clock. */
  String now() {
    return timeSource == null ? "" : Long.toString(timeSource.currentTimeMillis());
  }

  private StorageException failure(String operation, RedisException e) {
    return new StorageException(
        "Redis storage " + description + " failed (" + operation + "): " + e.getMessage(), e);
  }

  private static String escapeGlob(String text) {
    return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  private static String loadScript() {
    try (InputStream in = RedisStorage.class.getResourceAsStream("acquire.lua")) {
      if (in == null) {
        throw new IllegalStateException("acquire.lua is missing from limiter4j-redis");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read acquire.lua", e);
    }
  }

  /** Builds a {@link RedisStorage}. Single use: {@link #build()} may be called once. */
  public static final class Builder {
    private final String uri;
    private final java.util.Map<String, Object> options = new java.util.LinkedHashMap<>();
    private RedisConnector connector;
    private String keyPrefix;
    private TimeSource timeSource;
    private Duration timeout;
    private boolean built;

    private Builder(String uri) {
      this.uri = uri;
    }

    /** Puts keys under {@code prefix:}; by default {@code LIMITS}. */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("the key prefix must not be empty");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /** Bounds how long a call waits for the server; by default one second. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Adds an option of the URI's kind, as if it were in the URI's query. */
    public Builder option(String name, Object value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /**
     * Reads time from {@code timeSource} instead of the server's clock: for tests with a manual
     * clock. The clock must not run behind the server's, or keys expire early.
     */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Uses a connection the application manages (and closes): a standalone or Sentinel {@code
     * StatefulRedisConnection<String, String>} or a {@code StatefulRedisClusterConnection<String,
     * String>}.
     */
    public Builder connection(io.lettuce.core.api.StatefulConnection<String, String> connection) {
      this.connector = RedisConnector.of(connection);
      return this;
    }

    /**
     * Returns the storage, connected to the server if it answers now; otherwise (down, or refusing
     * the password) the storage connects on first use, and each call fails with a {@link
     * StorageException} until it can.
     *
     * @throws IllegalArgumentException if the URI or an option is wrong, naming it
     */
    public RedisStorage build() {
      if (built) {
        throw new IllegalStateException("this builder has already built its storage");
      }
      built = true;
      if (connector == null && uri == null) {
        throw new IllegalStateException("give the storage a URI or a connection");
      }
      RedisSettings settings =
          uri != null ? RedisSettings.parse(uri, options) : RedisSettings.forConnection(options);
      String prefix = keyPrefix != null ? keyPrefix : settings.keyPrefix();
      Duration limit = timeout != null ? timeout : settings.timeout();
      RedisConnector connected =
          connector != null ? connector : RedisConnector.connect(settings, limit);
      String description =
          connector != null ? "redis (connection given in code)" : settings.toString();
      return new RedisStorage(connected, prefix, timeSource, description);
    }
  }
}
