package io.github.limiter4j.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What a MongoDB storage URI and its options say: the driver's settings, and where limits are kept.
 * The storage's own options are taken out; every other option goes to the driver's connection
 * string, so {@code maxPoolSize}, {@code w}, {@code readPreference}, {@code tls}... work as they do
 * in any MongoDB URI.
 */
final class MongoSettings {
  static final String DATABASE_NAME = "database-name";
  static final String COUNTERS_COLLECTION = "counters-collection";
  static final String WINDOWS_COLLECTION = "windows-collection";
  static final String TIMEOUT = "timeout";
  static final List<String> OWN =
      List.of(DATABASE_NAME, COUNTERS_COLLECTION, WINDOWS_COLLECTION, TIMEOUT);

  // The connection string options of the Java driver, in lower case (it reads them ignoring case).
  private static final Set<String> DRIVER_OPTIONS =
      Set.of(
          "appname",
          "authmechanism",
          "authmechanismproperties",
          "authsource",
          "compressors",
          "connecttimeoutms",
          "directconnection",
          "enableoverloadretargeting",
          "gssapiservicename",
          "heartbeatfrequencyms",
          "journal",
          "loadbalanced",
          "localthresholdms",
          "maxadaptiveretries",
          "maxconnecting",
          "maxidletimems",
          "maxlifetimems",
          "maxpoolsize",
          "maxstalenessseconds",
          "minpoolsize",
          "proxyhost",
          "proxypassword",
          "proxyport",
          "proxyusername",
          "readconcernlevel",
          "readpreference",
          "readpreferencetags",
          "replicaset",
          "retryreads",
          "retrywrites",
          "safe",
          "serverselectiontimeoutms",
          "servermonitoringmode",
          "sockettimeoutms",
          "srvmaxhosts",
          "srvservicename",
          "ssl",
          "sslinvalidhostnameallowed",
          "timeoutms",
          "tls",
          "tlsallowinvalidcertificates",
          "tlsallowinvalidhostnames",
          "tlsinsecure",
          "uuidrepresentation",
          "w",
          "waitqueuetimeoutms",
          "wtimeoutms",
          "zlibcompressionlevel");

  final MongoClientSettings clientSettings;
  final String databaseName;
  final String countersCollection;
  final String windowsCollection;
  final String description;

  private MongoSettings(StorageUri uri, StorageOptions options) {
    if (!uri.scheme().equals("mongodb") && !uri.scheme().equals("mongodb+srv")) {
      throw uri.invalid("\"" + uri.scheme() + "\" is not a MongoDB scheme");
    }
    if (uri.locations().isEmpty()) {
      throw uri.invalid(
          "name a server (mongodb://host:27017, several separated by commas) or a DNS seed list"
              + " (mongodb+srv://cluster.example.com)");
    }
    Set<String> unknown = new TreeSet<>();
    for (String name : options.names()) {
      if (!OWN.contains(name) && !DRIVER_OPTIONS.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw uri.invalid(
          "unknown option "
              + String.join(", ", unknown)
              + "; the storage's options are "
              + String.join(", ", OWN)
              + ", and the MongoDB driver's are those of a MongoDB connection string"
              + " (maxPoolSize, w, readPreference, tls, authSource...)");
    }
    databaseName = name(uri, options, DATABASE_NAME, MongoStorage.DEFAULT_DATABASE_NAME);
    countersCollection = name(uri, options, COUNTERS_COLLECTION, "counters");
    windowsCollection = name(uri, options, WINDOWS_COLLECTION, "windows");
    if (countersCollection.equals(windowsCollection)) {
      throw uri.invalid(
          "the counters and windows collections must differ, but both are \""
              + countersCollection
              + "\"");
    }
    Duration timeout = options.getDuration(TIMEOUT, MongoStorage.DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw uri.invalid("the timeout option must be positive but was " + timeout);
    }
    ConnectionString connection = connectionString(uri, options);
    clientSettings = clientSettings(connection, timeout.toMillis());
    if (!clientSettings.getWriteConcern().isAcknowledged()) {
      throw uri.invalid(
          "the write concern "
              + clientSettings.getWriteConcern().asDocument().toJson()
              + " is unacknowledged: the storage must know whether each write was applied");
    }
    description = uri.toString();
  }

  static MongoSettings parse(String uri, Map<String, ?> overrides) {
    StorageUri parsed = StorageUri.parse(uri);
    return parse(parsed, StorageOptions.of(parsed, overrides));
  }

  static MongoSettings parse(StorageUri uri, StorageOptions options) {
    return new MongoSettings(uri, options);
  }

  private static String name(
      StorageUri uri, StorageOptions options, String option, String defaultName) {
    String name = options.getString(option, defaultName);
    if (name.isEmpty() || name.length() > 64) {
      throw uri.invalid("the " + option + " option must be 1 to 64 characters but was " + name);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == '/' || c == '\\' || c == '.' || c == '"' || c == '$' || c == 0x7f) {
        throw uri.invalid(
            "the "
                + option
                + " option \""
                + name
                + "\" has a character MongoDB names cannot hold (space, control character, / \\ ."
                + " \" $)");
      }
    }
    return name;
  }

  /** The URI as the driver reads it: the same servers, user and path, the driver's options. */
  private static ConnectionString connectionString(StorageUri uri, StorageOptions options) {
    StringBuilder text = new StringBuilder(uri.scheme()).append("://");
    if (uri.username().isPresent() || uri.password().isPresent()) {
      text.append(encode(uri.username().orElse("")));
      uri.password().ifPresent(password -> text.append(':').append(encode(password)));
      text.append('@');
    }
    List<String> hosts = new ArrayList<>();
    for (StorageUri.Location location : uri.locations()) {
      String host =
          location.host().indexOf(':') >= 0 ? "[" + location.host() + "]" : location.host();
      hosts.add(location.hasPort() ? host + ":" + location.port() : host);
    }
    text.append(String.join(",", hosts)).append('/');
    String path = uri.path();
    if (path.length() > 1) {
      text.append(encode(path.substring(1)));
    }
    char separator = '?';
    for (String name : options.names()) {
      if (DRIVER_OPTIONS.contains(name)) {
        text.append(separator).append(name).append('=').append(encode(options.getString(name, "")));
        separator = '&';
      }
    }
    try {
      return new ConnectionString(text.toString());
    } catch (IllegalArgumentException e) {
      String problem = String.valueOf(e.getMessage());
      if (uri.password().isPresent()) {
        problem = problem.replace(uri.password().get(), "****");
        problem = problem.replace(encode(uri.password().get()), "****");
      }
      throw uri.invalid(problem);
    }
  }

  /**
   * The driver's settings: the connection string's, with a rate limiter's bounds on waiting where
   * the URI sets none. The driver's defaults (30 s to find a server, no bound on reading an answer)
   * suit batch jobs, not a check made on every request.
   */
  private static MongoClientSettings clientSettings(ConnectionString connection, long timeout) {
    MongoClientSettings.Builder settings =
        MongoClientSettings.builder().applyConnectionString(connection);
    if (connection.getApplicationName() == null) {
      settings.applicationName("limiter4j");
    }
    if (connection.getTimeout() != null) {
      // The driver's timeoutMS bounds whole operations itself.
      return settings.build();
    }
    if (connection.getServerSelectionTimeout() == null) {
      settings.applyToClusterSettings(
          cluster -> cluster.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS));
    }
    if (connection.getMaxWaitTime() == null) {
      settings.applyToConnectionPoolSettings(
          pool -> pool.maxWaitTime(timeout, TimeUnit.MILLISECONDS));
    }
    if (connection.getSocketTimeout() == null) {
      settings.applyToSocketSettings(
          socket -> socket.readTimeout((int) timeout, TimeUnit.MILLISECONDS));
    }
    if (connection.getConnectTimeout() == null) {
      settings.applyToSocketSettings(
          socket ->
              socket.connectTimeout((int) Math.min(2 * timeout, 10_000), TimeUnit.MILLISECONDS));
    }
    return settings.build();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
