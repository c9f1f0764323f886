package io.github.limiter4j.redis;

import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a Redis storage URI and its options say: how to connect, and the storage's settings. */
final class RedisSettings {
  enum Mode {
    STANDALONE,
    UNIX,
    CLUSTER,
    SENTINEL
  }

  static final String KEY_PREFIX = "key-prefix";
  static final String TIMEOUT = "timeout";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String DB = "db";
  static final String SERVICE_NAME = "service-name";
  static final String SENTINEL_PASSWORD = "sentinel-password";
  static final String SSL_CA_CERTS = "ssl-ca-certs";
  static final String SSL_CERTFILE = "ssl-certfile";
  static final String SSL_KEYFILE = "ssl-keyfile";
  static final String SSL_CERT_REQS = "ssl-cert-reqs";
  static final String SSL = "ssl";
  static final String CLIENT_NAME = "client-name";
  static final List<String> KNOWN =
      List.of(
          KEY_PREFIX,
          TIMEOUT,
          CONNECT_TIMEOUT,
          DB,
          SERVICE_NAME,
          SENTINEL_PASSWORD,
          SSL_CA_CERTS,
          SSL_CERTFILE,
          SSL_KEYFILE,
          SSL_CERT_REQS,
          SSL,
          CLIENT_NAME);

  final Mode mode;
  final boolean ssl;
  final String username;
  final String password;
  final List<StorageUri.Location> locations;
  final String socketPath;
  final int database;
  final String serviceName;
  final String sentinelPassword;
  final Path caCertificates;
  final Path clientCertificate;
  final Path clientKey;
  final boolean verifyPeer;
  final String clientName;
  private final String keyPrefix;
  private final Duration timeout;
  final Duration connectTimeout;
  private final String description;

  private RedisSettings(StorageUri uri, StorageOptions options) {
    String scheme = uri.scheme();
    String base =
        scheme.startsWith("valkey")
            ? scheme.substring("valkey".length())
            : scheme.substring("redis".length());
    switch (base) {
      case "":
        mode = Mode.STANDALONE;
        ssl = options.getBoolean(SSL, false);
        break;
      case "s":
        mode = Mode.STANDALONE;
        ssl = true;
        break;
      case "+unix":
        mode = Mode.UNIX;
        ssl = false;
        break;
      case "+cluster":
        mode = Mode.CLUSTER;
        ssl = options.getBoolean(SSL, false);
        break;
      case "+sentinel":
        mode = Mode.SENTINEL;
        ssl = options.getBoolean(SSL, false);
        break;
      default:
        throw uri.invalid("\"" + scheme + "\" is not a Redis scheme");
    }
    username = uri.username().orElse(null);
    password = uri.password().orElse(null);
    keyPrefix = options.getString(KEY_PREFIX, RedisStorage.DEFAULT_KEY_PREFIX);
    if (keyPrefix.isEmpty()) {
      throw uri.invalid("the key-prefix option must not be empty");
    }
    timeout = positive(uri, TIMEOUT, options.getDuration(TIMEOUT, RedisStorage.DEFAULT_TIMEOUT));
    connectTimeout =
        positive(uri, CONNECT_TIMEOUT, options.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(2)));
    clientName = options.getString(CLIENT_NAME).orElse(null);
    String path = uri.path();
    String pathRest = path.startsWith("/") ? path.substring(1) : path;

    List<StorageUri.Location> given = uri.locations();
    switch (mode) {
      case UNIX:
        if (!given.isEmpty() || pathRest.isEmpty()) {
          throw uri.invalid("a unix socket URI is redis+unix:///path/to/redis.sock (no host)");
        }
        socketPath = path;
        locations = List.of();
        database = (int) options.getLong(DB, 0);
        serviceName = null;
        break;
      case SENTINEL:
        if (given.isEmpty()) {
          throw uri.invalid(
              "missing host or port: name the sentinels, such as host:26379,host:26380");
        }
        locations = given;
        socketPath = null;
        String fromPath =
            pathRest.contains("/") ? pathRest.substring(0, pathRest.indexOf('/')) : pathRest;
        String fromOption = options.getString(SERVICE_NAME).orElse(null);
        serviceName = fromOption != null ? fromOption : (fromPath.isEmpty() ? null : fromPath);
        if (serviceName == null) {
          throw uri.invalid(
              "missing the sentinel service name: redis+sentinel://host:26379/mymaster or the"
                  + " service-name option");
        }
        String db = pathRest.contains("/") ? pathRest.substring(pathRest.indexOf('/') + 1) : "";
        database = db.isEmpty() ? (int) options.getLong(DB, 0) : parseDatabase(uri, db);
        break;
      case CLUSTER:
        if (given.isEmpty()) {
          throw uri.invalid("missing host or port: name at least one cluster node");
        }
        locations = given;
        socketPath = null;
        serviceName = null;
        database = 0;
        if (!pathRest.isEmpty()) {
          throw uri.invalid("a cluster has no databases; remove \"" + path + "\"");
        }
        break;
      default:
        if (given.size() > 1) {
          throw uri.invalid("a standalone server has one host; use redis+cluster:// for several");
        }
        locations = given.isEmpty() ? List.of(new StorageUri.Location("localhost", -1)) : given;
        socketPath = null;
        serviceName = null;
        database = pathRest.isEmpty() ? (int) options.getLong(DB, 0) : parseDatabase(uri, pathRest);
        break;
    }
    sentinelPassword = options.getString(SENTINEL_PASSWORD).orElse(null);
    caCertificates = file(uri, options, SSL_CA_CERTS);
    clientCertificate = file(uri, options, SSL_CERTFILE);
    clientKey = file(uri, options, SSL_KEYFILE);
    String requirement = options.getString(SSL_CERT_REQS, "required").toLowerCase(Locale.ROOT);
    switch (requirement) {
      case "required":
        verifyPeer = true;
        break;
      case "none":
        verifyPeer = false;
        break;
      default:
        throw uri.invalid("ssl-cert-reqs must be required or none but was \"" + requirement + "\"");
    }
    if ((clientCertificate == null) != (clientKey == null)) {
      throw uri.invalid("ssl-certfile and ssl-keyfile go together: give both or neither");
    }
    description = uri.toString();
  }

  static RedisSettings parse(String uri, Map<String, ?> overrides) {
    StorageUri parsed = StorageUri.parse(uri);
    StorageOptions options = StorageOptions.of(parsed, overrides);
    return parse(parsed, options);
  }

  static RedisSettings parse(StorageUri uri, StorageOptions options) {
    options.requireKnown(KNOWN, "Redis storage");
    return new RedisSettings(uri, options);
  }

  static RedisSettings forConnection(Map<String, ?> overrides) {
    return parse("redis://localhost", overrides);
  }

  String keyPrefix() {
    return keyPrefix;
  }

  Duration timeout() {
    return timeout;
  }

  List<String> hosts() {
    List<String> hosts = new ArrayList<>();
    for (StorageUri.Location location : locations) {
      hosts.add(location.toString());
    }
    return hosts;
  }

  @Override
  public String toString() {
    return description;
  }

  private static int parseDatabase(StorageUri uri, String text) {
    try {
      int database = Integer.parseInt(text);
      if (database < 0) {
        throw new NumberFormatException();
      }
      return database;
    } catch (NumberFormatException e) {
      throw uri.invalid("the database \"" + text + "\" is not a number (0, 1, ...)");
    }
  }

  private static Path file(StorageUri uri, StorageOptions options, String name) {
    String value = options.getString(name).orElse(null);
    if (value == null) {
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      throw uri.invalid("the " + name + " file \"" + value + "\" cannot be read");
    }
    return path;
  }

  private static Duration positive(StorageUri uri, String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw uri.invalid("the " + name + " option must be positive but was " + value);
    }
    return value;
  }
}
