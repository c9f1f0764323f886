package io.github.limiter4j.memcached;

import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a memcached storage URI and its options say: the servers, and the storage's settings. */
final class MemcachedSettings {
  static final int DEFAULT_PORT = 11211;
  static final String KEY_PREFIX = "key-prefix";
  static final String TIMEOUT = "timeout";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String MAX_CONNECTIONS = "max-connections";
  static final List<String> KNOWN = List.of(KEY_PREFIX, TIMEOUT, CONNECT_TIMEOUT, MAX_CONNECTIONS);

  /** Server names as written (host:port, or the socket path), in the URI's order. */
  final List<String> names;

  final String keyPrefix;
  final Duration timeout;
  final Duration connectTimeout;
  final int maxConnections;
  final String description;
  private final List<String[]> hostsAndPorts;
  private final String socketPath;

  private MemcachedSettings(StorageUri uri, StorageOptions options) {
    if (!uri.scheme().equals("memcached")) {
      throw uri.invalid("\"" + uri.scheme() + "\" is not the memcached scheme");
    }
    if (uri.username().isPresent() || uri.password().isPresent()) {
      throw uri.invalid(
          "memcached's text protocol has no user or password; protect the server by network"
              + " (bind it to a private address or a unix socket)");
    }
    List<StorageUri.Location> locations = uri.locations();
    String path = uri.path();
    names = new ArrayList<>();
    hostsAndPorts = new ArrayList<>();
    if (locations.isEmpty()) {
      if (path.isEmpty() || path.equals("/")) {
        throw uri.invalid(
            "name a server (memcached://host:11211, several separated by commas) or a unix socket"
                + " (memcached:///path/to/memcached.sock)");
      }
      socketPath = path;
      names.add(path);
    } else {
      if (!path.isEmpty() && !path.equals("/")) {
        throw uri.invalid(
            "a memcached URI has no path after its servers, but has \"" + path + "\"");
      }
      socketPath = null;
      for (StorageUri.Location location : locations) {
        String name = location.host() + ":" + location.portOr(DEFAULT_PORT);
        if (names.contains(name)) {
          throw uri.invalid("the server " + name + " is named twice");
        }
        names.add(name);
        hostsAndPorts.add(
            new String[] {location.host(), Integer.toString(location.portOr(DEFAULT_PORT))});
      }
    }
    keyPrefix = options.getString(KEY_PREFIX, MemcachedStorage.DEFAULT_KEY_PREFIX);
    checkKeyPrefix(keyPrefix, uri::invalid);
    timeout =
        positive(uri, TIMEOUT, options.getDuration(TIMEOUT, MemcachedStorage.DEFAULT_TIMEOUT));
    connectTimeout =
        positive(uri, CONNECT_TIMEOUT, options.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(2)));
    long connections = options.getLong(MAX_CONNECTIONS, 8);
    if (connections < 1 || connections > 1024) {
      throw uri.invalid("the max-connections option must be 1 to 1024 but was " + connections);
    }
    maxConnections = (int) connections;
    description = uri.toString();
  }

  static MemcachedSettings parse(String uri, Map<String, ?> overrides) {
    StorageUri parsed = StorageUri.parse(uri);
    return parse(parsed, StorageOptions.of(parsed, overrides));
  }

  static MemcachedSettings parse(StorageUri uri, StorageOptions options) {
    options.requireKnown(KNOWN, "memcached storage");
    return new MemcachedSettings(uri, options);
  }

  /** Returns the servers' addresses; host names are looked up now. */
  List<SocketAddress> addresses() {
    if (socketPath != null) {
      return List.of(UnixDomainSocketAddress.of(socketPath));
    }
    List<SocketAddress> addresses = new ArrayList<>();
    for (String[] hostAndPort : hostsAndPorts) {
      addresses.add(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])));
    }
    return addresses;
  }

  /** Checks a key prefix: short, printable ASCII, as memcached keys need. */
  static void checkKeyPrefix(
      String prefix, java.util.function.Function<String, IllegalArgumentException> invalid) {
    if (prefix.isEmpty() || prefix.length() > 100) {
      throw invalid.apply(
          "the key prefix must be 1 to 100 characters long but was \"" + prefix + "\"");
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw invalid.apply(
            "the key prefix \""
                + prefix
                + "\" has a character memcached keys cannot hold (only printable ASCII, no space)");
      }
    }
  }

  private static Duration positive(StorageUri uri, String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw uri.invalid("the " + name + " option must be positive but was " + value);
    }
    return value;
  }
}
