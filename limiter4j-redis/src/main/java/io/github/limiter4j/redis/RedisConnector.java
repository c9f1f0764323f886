package io.github.limiter4j.redis;

import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.StorageUri;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection a {@link RedisStorage} talks through: one multiplexed Lettuce connection, to a
 * standalone server, a Sentinel-managed master or a cluster. Closes only what it opened.
 */
final class RedisConnector implements AutoCloseable {
  private static final int DEFAULT_PORT = 6379;
  private static final int DEFAULT_SENTINEL_PORT = 26379;

  private final boolean cluster;
  // Opens the connection; null for a connection given in code.
  private final Opener opener;
  private final String description;
  // How long a caller waits for another thread's connection attempt: one storage timeout.
  private final Duration attemptWait;
  private final ReentrantLock opening = new ReentrantLock();
  private volatile Opened opened;
  // Written under opening: attempts that ended (to tell that one ended while a caller waited), the
  // last one's failure, and whether close() was called.
  private volatile int attemptsEnded;
  private StorageException lastFailure;
  private boolean closed;

  /** An open connection, its commands and the client to shut down with it (or nulls). */
  private record Opened(
      StatefulConnection<String, String> connection,
      RedisClusterCommands<String, String> commands,
      AutoCloseable client) {}

  @FunctionalInterface
  private interface Opener {
    Opened open();
  }

  private RedisConnector(
      boolean cluster, Opener opener, String description, Duration attemptWait, Opened opened) {
    this.cluster = cluster;
    this.opener = opener;
    this.description = description;
    this.attemptWait = attemptWait;
    this.opened = opened;
  }

  @SuppressWarnings("unchecked")
  static RedisConnector of(StatefulConnection<String, String> connection) {
    if (connection instanceof StatefulRedisClusterConnection) {
      StatefulRedisClusterConnection<String, String> clustered =
          (StatefulRedisClusterConnection<String, String>) connection;
      return new RedisConnector(
          true, null, null, Duration.ZERO, new Opened(null, clustered.sync(), null));
    }
    if (connection instanceof StatefulRedisConnection) {
      return new RedisConnector(
          false,
          null,
          null,
          Duration.ZERO,
          new Opened(null, ((StatefulRedisConnection<String, String>) connection).sync(), null));
    }
    throw new IllegalArgumentException(
        "expected a StatefulRedisConnection or StatefulRedisClusterConnection but got "
            + connection.getClass().getName());
  }

  /**
   * Connects now if the server answers, else on first use: a storage whose server is down or
   * refuses its password can be created (an application can start) and connects once it answers.
   */
  static RedisConnector connect(RedisSettings settings, Duration timeout) {
    RedisConnector connector =
        new RedisConnector(
            settings.mode == RedisSettings.Mode.CLUSTER,
            () -> open(settings, timeout),
            settings.toString(),
            timeout,
            null);
    try {
      connector.commands();
    } catch (StorageException notNow) {
      // Connected on first use instead.
    }
    return connector;
  }

  private static Opened open(RedisSettings settings, Duration timeout) {
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    if (settings.mode == RedisSettings.Mode.CLUSTER) {
      List<RedisURI> seeds = new ArrayList<>();
      for (StorageUri.Location location : settings.locations) {
        seeds.add(node(settings, location, DEFAULT_PORT, timeout));
      }
      RedisClusterClient client = RedisClusterClient.create(seeds);
      client.setOptions(
          ClusterClientOptions.builder()
              .timeoutOptions(timeouts)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .sslOptions(sslOptions(settings))
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enablePeriodicRefresh(Duration.ofSeconds(30))
                      .build())
              .build());
      try {
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        return new Opened(connection, connection.sync(), client::shutdown);
      } catch (RuntimeException e) {
        client.shutdown();
        throw e;
      }
    }
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .timeoutOptions(timeouts)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .sslOptions(sslOptions(settings))
            .build());
    try {
      StatefulRedisConnection<String, String> connection =
          client.connect(standaloneUri(settings, timeout));
      return new Opened(connection, connection.sync(), client::shutdown);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** What the server said (a wrong password, say) when it said anything, else what failed. */
  private static String reason(RedisException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof RedisCommandExecutionException) {
        return e.getMessage() + ": " + cause.getMessage();
      }
    }
    return e.getMessage();
  }

  private static RedisURI standaloneUri(RedisSettings settings, Duration timeout) {
    RedisURI.Builder builder;
    switch (settings.mode) {
      case UNIX:
        builder = RedisURI.Builder.socket(settings.socketPath);
        break;
      case SENTINEL:
        StorageUri.Location first = settings.locations.get(0);
        String sentinelPassword = settings.sentinelPassword;
        builder =
            sentinelPassword != null
                ? RedisURI.Builder.sentinel(
                    first.host(),
                    first.portOr(DEFAULT_SENTINEL_PORT),
                    settings.serviceName,
                    sentinelPassword)
                : RedisURI.Builder.sentinel(
                    first.host(), first.portOr(DEFAULT_SENTINEL_PORT), settings.serviceName);
        for (StorageUri.Location sentinel :
            settings.locations.subList(1, settings.locations.size())) {
          if (sentinelPassword != null) {
            builder.withSentinel(
                sentinel.host(), sentinel.portOr(DEFAULT_SENTINEL_PORT), sentinelPassword);
          } else {
            builder.withSentinel(sentinel.host(), sentinel.portOr(DEFAULT_SENTINEL_PORT));
          }
        }
        break;
      default:
        StorageUri.Location location = settings.locations.get(0);
        builder = RedisURI.Builder.redis(location.host(), location.portOr(DEFAULT_PORT));
        builder.withSsl(settings.ssl);
        if (settings.ssl) {
          builder.withVerifyPeer(settings.verifyPeer ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        }
        break;
    }
    builder.withDatabase(settings.database).withTimeout(timeout);
    credentials(settings, builder);
    if (settings.clientName != null) {
      builder.withClientName(settings.clientName);
    }
    return builder.build();
  }

  private static RedisURI node(
      RedisSettings settings, StorageUri.Location location, int defaultPort, Duration timeout) {
    RedisURI.Builder builder =
        RedisURI.Builder.redis(location.host(), location.portOr(defaultPort))
            .withSsl(settings.ssl)
            .withTimeout(timeout);
    if (settings.ssl) {
      builder.withVerifyPeer(settings.verifyPeer ? SslVerifyMode.FULL : SslVerifyMode.NONE);
    }
    credentials(settings, builder);
    return builder.build();
  }

  private static void credentials(RedisSettings settings, RedisURI.Builder builder) {
    if (settings.password != null) {
      if (settings.username != null) {
        builder.withAuthentication(settings.username, settings.password.toCharArray());
      } else {
        builder.withPassword(settings.password.toCharArray());
      }
    }
  }

  private static SslOptions sslOptions(RedisSettings settings) {
    SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
    if (settings.caCertificates != null) {
      ssl.trustManager(settings.caCertificates.toFile());
    }
    if (settings.clientCertificate != null) {
      ssl.keyManager(settings.clientCertificate.toFile(), settings.clientKey.toFile(), null);
    }
    return ssl.build();
  }

  /**
   * Returns the commands, connecting first if the storage is not connected yet. One thread connects
   * at a time; the others wait for its attempt, at most one storage timeout, and share its outcome,
   * so that a burst of requests meeting a server that has just come back is not an outage.
   *
   * @throws StorageException if it cannot connect, or another thread's attempt outlasts the wait
   */
  RedisClusterCommands<String, String> commands() {
    Opened current = opened;
    if (current != null) {
      return current.commands();
    }
    int ended = attemptsEnded;
    try {
      if (!opening.tryLock(attemptWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new StorageException(
            "Cannot connect to the Redis storage " + description + ": still connecting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "Cannot connect to the Redis storage " + description + ": interrupted", e);
    }
    try {
      if (closed) {
        throw new StorageException("The Redis storage " + description + " is closed");
      }
      if (opened == null) {
        if (attemptsEnded != ended && lastFailure != null) {
          // Another thread's attempt ended while this one waited, and failed: its outcome is ours.
          throw new StorageException(lastFailure.getMessage(), lastFailure.getCause());
        }
        try {
          opened = opener.open();
          lastFailure = null;
        } catch (RedisException e) {
          lastFailure =
              new StorageException(
                  "Cannot connect to the Redis storage " + description + ": " + reason(e), e);
          throw lastFailure;
        } finally {
          attemptsEnded++;
        }
      }
      return opened.commands();
    } finally {
      opening.unlock();
    }
  }

  boolean isCluster() {
    return cluster;
  }

  /** Returns true once connected (a connection given in code always is). */
  boolean isConnected() {
    return opened != null;
  }

  @Override
  public void close() {
    opening.lock();
    try {
      closed = true;
      Opened current = opened;
      if (current == null || opener == null) {
        return; // nothing opened, or a connection given in code, which its owner closes
      }
      opened = null;
      if (current.connection() != null) {
        current.connection().close();
      }
      if (current.client() != null) {
        current.client().close();
      }
    } catch (Exception e) {
      throw new StorageException("Closing the Redis storage failed: " + e.getMessage(), e);
    } finally {
      opening.unlock();
    }
  }
}
