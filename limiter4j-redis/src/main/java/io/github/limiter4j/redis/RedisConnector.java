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

/**
 * The connection a {@link RedisStorage} talks through: one multiplexed Lettuce connection, to a
 * standalone server, a Sentinel-managed master or a cluster. Closes only what it opened.
 */
final class RedisConnector implements AutoCloseable {
  private static final int DEFAULT_PORT = 6379;
  private static final int DEFAULT_SENTINEL_PORT = 26379;

  private final StatefulConnection<String, String> connection;
  private final RedisClusterCommands<String, String> commands;
  private final AutoCloseable client;
  private final boolean cluster;

  private RedisConnector(
      StatefulConnection<String, String> connection,
      RedisClusterCommands<String, String> commands,
      AutoCloseable client,
      boolean cluster) {
    this.connection = connection;
    this.commands = commands;
    this.client = client;
    this.cluster = cluster;
  }

  @SuppressWarnings("unchecked")
  static RedisConnector of(StatefulConnection<String, String> connection) {
    if (connection instanceof StatefulRedisClusterConnection) {
      StatefulRedisClusterConnection<String, String> clustered =
          (StatefulRedisClusterConnection<String, String>) connection;
      return new RedisConnector(null, clustered.sync(), null, true);
    }
    if (connection instanceof StatefulRedisConnection) {
      return new RedisConnector(
          null, ((StatefulRedisConnection<String, String>) connection).sync(), null, false);
    }
    throw new IllegalArgumentException(
        "expected a StatefulRedisConnection or StatefulRedisClusterConnection but got "
            + connection.getClass().getName());
  }

  static RedisConnector connect(RedisSettings settings, Duration timeout) {
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    try {
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
          return new RedisConnector(connection, connection.sync(), client::shutdown, true);
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
        return new RedisConnector(connection, connection.sync(), client::shutdown, false);
      } catch (RuntimeException e) {
        client.shutdown();
        throw e;
      }
    } catch (RedisException e) {
      throw new StorageException(
          "Cannot connect to the Redis storage " + settings + ": " + reason(e), e);
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

  RedisClusterCommands<String, String> commands() {
    return commands;
  }

  boolean isCluster() {
    return cluster;
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
      if (client != null) {
        client.close();
      }
    } catch (Exception e) {
      throw new StorageException("Closing the Redis storage failed: " + e.getMessage(), e);
    }
  }
}
