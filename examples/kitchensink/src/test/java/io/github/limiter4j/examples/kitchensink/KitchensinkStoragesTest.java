package io.github.limiter4j.examples.kitchensink;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.github.limiter4j.cli.LimiterCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code RATELIMIT_STORAGE_URI} chooses the kitchensink's storage, as scripts/kitchensink says: the
 * application starts on each backend's URI and counts its requests there.
 */
class KitchensinkStoragesTest {
  @Test
  void theKitchensinkStartsAndCountsOnRedis() throws Exception {
    int port = sparePort();
    try (Server redis =
        Server.start(
            port,
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--save",
            "",
            "--appendonly",
            "no")) {
      startsAndCounts(redis.uri("redis"), "RedisStorage");
    }
  }

  @Test
  void theKitchensinkStartsAndCountsOnMemcached() throws Exception {
    int port = sparePort();
    List<String> command =
        new java.util.ArrayList<>(
            List.of("memcached", "-U", "0", "-l", "127.0.0.1", "-p", Integer.toString(port)));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root"));
    }
    try (Server memcached = Server.start(port, command.toArray(new String[0]))) {
      startsAndCounts(memcached.uri("memcached"), "MemcachedStorage");
    }
  }

  @Test
  void theKitchensinkStartsAndCountsOnMongoDb() throws Exception {
    MongoServer mongo = new MongoServer(new MemoryBackend());
    try {
      InetSocketAddress address = mongo.bind();
      startsAndCounts("mongodb://127.0.0.1:" + address.getPort(), "MongoStorage");
    } finally {
      mongo.shutdownNow();
    }
  }

  /** Starts the kitchensink on {@code uri}, sends three requests, reads the counts it keeps. */
  private static void startsAndCounts(String uri, String instance) throws Exception {
    SpringApplication application = new SpringApplication(KitchensinkApplication.class);
    try (ConfigurableApplicationContext context =
        application.run("--server.port=0", "--ratelimit.storage-uri=" + uri)) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> index =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
      }
      String url = "http://127.0.0.1:" + port + "/actuator/ratelimits";
      assertThat(command(url, "config"))
          .containsPattern("Instance +" + instance)
          .containsPattern("Status +OK");
      assertThat(command(url, "limits", "--key", "127.0.0.1", "--endpoint", "root"))
          .contains("10 per 1 minute: Pass (7 out of 10 remaining)");
    }
  }

  private static String command(String url, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] line = new String[args.length + 2];
    line[0] = "--url";
    line[1] = url;
    System.arraycopy(args, 0, line, 2, args.length);
    int code =
        LimiterCli.run(
            null,
            line,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            new ByteArrayInputStream(new byte[0]),
            false);
    assertThat(code).as(String.join(" ", args)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int sparePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A server process on a loopback port, stopped on close. */
  private record Server(Process process, int port) implements AutoCloseable {
    static Server start(int port, String... command) throws IOException, InterruptedException {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline && process.isAlive()) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port));
          return new Server(process, port);
        } catch (IOException notYet) {
          Thread.sleep(30);
        }
      }
      process.destroyForcibly();
      throw new IOException(command[0] + " did not start listening on 127.0.0.1:" + port);
    }

    String uri(String scheme) {
      return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
