package io.github.limiter4j.consumercheck.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** An embedded Tomcat on loopback serving the application of {@link ConsumerInitializer}. */
public final class ConsumerServer implements AutoCloseable {
  private final Tomcat tomcat = new Tomcat();
  private final ConsumerInitializer initializer = new ConsumerInitializer();

  private ConsumerServer(int port) throws IOException, LifecycleException {
    Path base = Files.createTempDirectory("consumer-check-tomcat");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    context.addServletContainerInitializer(initializer, null);
    tomcat.start();
  }

  /** Starts a server on the given port of 127.0.0.1; 0 takes a free one. */
  public static ConsumerServer start(int port) throws IOException, LifecycleException {
    return new ConsumerServer(port);
  }

  /** The port the server listens on. */
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  /** Stops the server and closes its limiter. */
  @Override
  public void close() throws LifecycleException {
    try {
      tomcat.stop();
      tomcat.destroy();
    } finally {
      initializer.limiter().close();
    }
  }

  /** Serves on port 8080, or the port given as the first argument, until stopped. */
  public static void main(String[] args) throws Exception {
    ConsumerServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    server.tomcat.getServer().await();
  }
}
