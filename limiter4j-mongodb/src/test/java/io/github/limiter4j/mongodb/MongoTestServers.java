package io.github.limiter4j.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * The MongoDB servers the tests use: a real MongoDB when {@code LIMITER4J_MONGODB_URI} names one,
 * and always mongo-java-server, a MongoDB wire-protocol server in Java, started on a free loopback
 * port on first use and stopped when the JVM exits (no MongoDB server installs from Debian).
 */
final class MongoTestServers {
  /** The environment variable naming a real MongoDB to run the tests against too. */
  static final String REAL_URI_VARIABLE = "LIMITER4J_MONGODB_URI";

  private static String javaServerUri;

  private MongoTestServers() {}

  /** Returns the URI of a deployment: {@code java-server} or {@code real}. */
  static String uri(String deployment) {
    switch (deployment) {
      case "java-server":
        return javaServerUri();
      case "real":
        String uri = System.getenv(REAL_URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
          throw new IllegalStateException(REAL_URI_VARIABLE + " is not set");
        }
        return uri;
      default:
        throw new IllegalArgumentException("no MongoDB deployment " + deployment);
    }
  }

  /** Returns the deployments to test: the Java server, and a real MongoDB if one is named. */
  static String[] deployments() {
    String uri = System.getenv(REAL_URI_VARIABLE);
    return uri == null || uri.isBlank()
        ? new String[] {"java-server"}
        : new String[] {"java-server", "real"};
  }

  private static synchronized String javaServerUri() {
    if (javaServerUri == null) {
      MongoServer server = new MongoServer(new MemoryBackend());
      InetSocketAddress address = server.bind();
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
      javaServerUri = "mongodb://127.0.0.1:" + address.getPort();
    }
    return javaServerUri;
  }
}
