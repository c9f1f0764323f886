package io.github.limiter4j.examples.secured;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.cli.LimiterCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The limiter command against an application whose Actuator endpoints are secured with Spring
 * Security and served on a management port of their own: credentials the usual ways, never printed;
 * the in-process command beside the running application; a per-plan limit cleared.
 */
class SecuredEndpointTest {
  private static final String PASSWORD = "opspw-Zq7";
  private static final String TOKEN = "ops-token-Xk9";
  private static ConfigurableApplicationContext application;
  private static int port;
  private static int managementPort;

  @BeforeAll
  static void start() throws IOException {
    managementPort = sparePort();
    application = startApplication("memory://", managementPort);
    port = ((WebServerApplicationContext) application).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    application.close();
  }

  private static ConfigurableApplicationContext startApplication(String storage, int management) {
    return new SpringApplication(SecuredApplication.class)
        .run(
            "--server.port=0",
            "--management.server.port=" + management,
            "--ops.password=" + PASSWORD,
            "--ops.token=" + TOKEN,
            "--ratelimit.storage-uri=" + storage);
  }

  private static String url() {
    return "http://127.0.0.1:" + managementPort + "/actuator/ratelimits";
  }

  /** What a command printed and its exit code. */
  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private static Run remote(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        LimiterCli.run(
            null,
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            false);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code java -jar limiter4j-cli-<version>-executable.jar} with this environment. */
  private static Run executable(Map<String, String> env, String... args) throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("../../limiter4j-cli/target"))) {
      jar =
          files
              .filter(file -> file.getFileName().toString().endsWith("-executable.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the limiter4j-cli module builds it first"));
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, err);
  }

  /** Runs {@code java -jar app.jar limiter ...} as the application would, in this JVM. */
  private static synchronized Run inProcess(String... args) {
    PrintStream stdout = System.out;
    InputStream stdin = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setProperty("limiter4j.command.exit", "false");
    // The application's own configuration: the management port the running one listens on.
    System.setProperty("management.server.port", Integer.toString(managementPort));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)));
    try {
      List<String> line = new ArrayList<>(List.of("limiter"));
      line.addAll(List.of(args));
      SpringApplication command = new SpringApplication(SecuredApplication.class);
      try (var context = command.run(line.toArray(new String[0]))) {
        int code = SpringApplication.exit(context);
        return new Run(code, out.toString(StandardCharsets.UTF_8), "");
      }
    } finally {
      System.setOut(stdout);
      System.setIn(stdin);
      System.clearProperty("limiter4j.command.exit");
      System.clearProperty("management.server.port");
      System.clearProperty("logging.level.root");
    }
  }

  private static int items(int port, String apiKey) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
                .header("X-Api-Key", apiKey)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void withoutCredentialsTheCommandSaysTheEndpointAnswered401AndHowToGiveThem() {
    Run run = remote("--url", url(), "limits");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("answered 401 Unauthorized")
        .contains("--user and --password")
        .contains("--token")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void wrongCredentialsAreRefusedWithoutBeingPrinted() {
    Run inUrl = remote("--url", url().replace("//", "//ops:not-" + PASSWORD + "@"), "limits");
    Run token = remote("--url", url(), "--token", "not-" + TOKEN, "limits");

    assertThat(inUrl.code()).isEqualTo(1);
    assertThat(inUrl.err())
        .contains("answered 401 Unauthorized: the credentials given were refused")
        .doesNotContain(PASSWORD);
    assertThat(token.code()).isEqualTo(1);
    assertThat(token.err()).contains("refused").doesNotContain(TOKEN);
  }

  @Test
  void basicAuthInTheUrlOrInOptionsAndABearerTokenEachWork() {
    Run inUrl = remote("--url", url().replace("//", "//ops:" + PASSWORD + "@"), "config");
    Run options = remote("--url", url(), "--user", "ops", "--password", PASSWORD, "config");
    Run token = remote("--url", url(), "--token", TOKEN, "limits");

    assertThat(inUrl.code()).isZero();
    assertThat(inUrl.out()).contains("limiter4j Config");
    assertThat(options.code()).isZero();
    assertThat(options.out()).contains("limiter4j Config");
    assertThat(token.code()).isZero();
    assertThat(token.out()).contains("items: /items");
    for (Run run : List.of(inUrl, options, token)) {
      assertThat(run.all()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  @Test
  void theExecutableJarReadsCredentialsFromTheEnvironment() throws Exception {
    Run help = executable(Map.of(), "--help");
    Run basic =
        executable(
            Map.of("LIMITER_USER", "ops", "LIMITER_PASSWORD", PASSWORD), "--url", url(), "limits");
    Run token = executable(Map.of("LIMITER_TOKEN", TOKEN), "--url", url(), "limits");
    Run refused = executable(Map.of("LIMITER_TOKEN", "not-" + TOKEN), "--url", url(), "limits");

    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: limiter").contains("LIMITER_TOKEN");
    assertThat(basic.code()).as(basic.err()).isZero();
    assertThat(basic.out()).contains("items: /items");
    assertThat(token.code()).as(token.err()).isZero();
    assertThat(token.out()).contains("items: /items");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("401").doesNotContain(TOKEN).doesNotContain("\tat ");
  }

  @Test
  void theInProcessCommandRunsBesideTheApplicationOnItsManagementPort() {
    Run config = inProcess("config");

    assertThat(config.code()).isZero();
    assertThat(config.out()).contains("limiter4j Config");
  }

  @Test
  void configShowsExpressionsByTheirTextAndEachSectionOnce() {
    Run limits = inProcess("limits");
    Run config = inProcess("config");

    assertThat(limits.out())
        .contains("(dynamic) #{@plans.limitsOf(request.header('X-Api-Key'))}")
        .doesNotContain("lambda");
    assertThat(config.out()).doesNotContain("lambda");
    assertThat(config.out().lines().filter(line -> line.startsWith("General")).count())
        .as("one General section")
        .isEqualTo(1);
    assertThat(config.out()).contains("ratelimit.request-identifier");
  }

  @Test
  void clearingAPerPlanKeyLetsItsNextRequestThroughOnMemory() throws Exception {
    clearsAPerPlanKey(port, "free-memory");
  }

  @Test
  void clearingAPerPlanKeyLetsItsNextRequestThroughOnRedis() throws Exception {
    int redisPort = sparePort();
    Process redis =
        new ProcessBuilder(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(redisPort),
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      awaitListening(redisPort);
      int ownManagement = sparePort();
      try (ConfigurableApplicationContext onRedis =
          startApplication("redis://127.0.0.1:" + redisPort, ownManagement)) {
        int appPort = ((WebServerApplicationContext) onRedis).getWebServer().getPort();
        clearsAPerPlanKey(
            appPort, "free-redis", "http://127.0.0.1:" + ownManagement + "/actuator/ratelimits");
      }
    } finally {
      redis.destroy();
      redis.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static void clearsAPerPlanKey(int appPort, String key) throws Exception {
    clearsAPerPlanKey(appPort, key, url());
  }

  private static void clearsAPerPlanKey(int appPort, String key, String endpoint) throws Exception {
    assertThat(items(appPort, key)).isEqualTo(200);
    assertThat(items(appPort, key)).isEqualTo(200);
    assertThat(items(appPort, key)).isEqualTo(429);
    Run status = remote("--url", endpoint, "--token", TOKEN, "limits", "--key", key);
    assertThat(status.out())
        .contains(
            "2 per 1 minute (dynamic: #{@plans.limitsOf(request.header('X-Api-Key'))}): Fail (0"
                + " out of 2 remaining)");

    Run cleared = remote("--url", endpoint, "--token", TOKEN, "clear", "--key", key, "-y");

    assertThat(cleared.code()).as(cleared.err()).isZero();
    assertThat(cleared.out())
        .contains(
            "2 per 1 minute (dynamic: #{@plans.limitsOf(request.header('X-Api-Key'))}):"
                + " Cleared")
        .doesNotContain("100 per 1 minute");
    assertThat(items(appPort, key)).isEqualTo(200);
  }

  private static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return;
      } catch (IOException notYet) {
        Thread.sleep(30);
      }
    }
    throw new IOException("redis-server did not start listening on 127.0.0.1:" + port);
  }

  private static int sparePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
