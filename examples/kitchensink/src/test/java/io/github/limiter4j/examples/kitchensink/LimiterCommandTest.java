package io.github.limiter4j.examples.kitchensink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.cli.LimiterCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The limiter command on the kitchensink: golden outputs, the same in the application's process
 * ({@code java -jar kitchensink.jar limiter ...}) and against the running application's Actuator
 * endpoint ({@code limiter --url ...}), piped and on a pseudo-terminal.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // A context of its own: the other test has already used the index's limits.
    properties = "spring.application.name=kitchensink")
class LimiterCommandTest {
  private static final String KEY = "10.9.9.9";

  @LocalServerPort int port;

  private String url() {
    return "http://127.0.0.1:" + port + "/actuator/ratelimits";
  }

  /** What a command printed and its exit code. */
  record Run(int code, String out, String err) {}

  private static Run remote(String url, boolean terminal, String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> line = new ArrayList<>(List.of("--url", url));
    line.addAll(List.of(args));
    int code =
        LimiterCli.run(
            null,
            line.toArray(new String[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            terminal);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code java -jar kitchensink.jar limiter ...} as the application would, in this JVM. */
  private static synchronized Run inProcess(String... args) {
    PrintStream stdout = System.out;
    InputStream stdin = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setProperty("limiter4j.command.exit", "false");
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)));
    try {
      List<String> line = new ArrayList<>(List.of("limiter"));
      line.addAll(List.of(args));
      SpringApplication application = new SpringApplication(KitchensinkApplication.class);
      try (var context = application.run(line.toArray(new String[0]))) {
        int code = SpringApplication.exit(context);
        return new Run(code, out.toString(StandardCharsets.UTF_8), "");
      }
    } finally {
      System.setOut(stdout);
      System.setIn(stdin);
      System.clearProperty("limiter4j.command.exit");
      System.clearProperty("logging.level.root");
    }
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = LimiterCommandTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new AssertionError("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void configMatchesItsGoldenOutputInProcessAndRemotely() throws IOException {
    assertThat(remote(url(), false, "", "config").out()).isEqualTo(golden("config.txt"));
    assertThat(remote(url(), true, "", "config").out()).isEqualTo(golden("config-terminal.txt"));
  }

  @Test
  void limitsMatchItsGoldenOutputInProcessAndRemotely() throws IOException {
    Run local = inProcess("limits");
    assertThat(local.code()).isZero();
    assertThat(local.out()).isEqualTo(golden("limits.txt"));
    assertThat(remote(url(), false, "", "limits").out()).isEqualTo(golden("limits.txt"));
    assertThat(remote(url(), true, "", "limits").out()).isEqualTo(golden("limits-terminal.txt"));
    assertThat(remote(url(), false, "", "limits", "--endpoint", "resource").out())
        .isEqualTo(golden("limits-endpoint.txt"));
    assertThat(remote(url(), false, "", "limits", "--path", "/health/").out())
        .isEqualTo(golden("limits-path.txt"));
  }

  @Test
  void theConfigOfTheProcessIsTheConfigOfTheEndpoint() {
    Run local = inProcess("config");
    assertThat(local.code()).isZero();
    assertThat(local.out()).isEqualTo(remote(url(), false, "", "config").out());
  }

  @Test
  void aKeysStatusThenClearThenFullAgain() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    // The tests' requests come from 127.0.0.1; count three against the index.
    for (int i = 0; i < 3; i++) {
      client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    Run status = remote(url(), false, "", "limits", "--key", "127.0.0.1", "--endpoint", "root");
    assertThat(status.out()).contains("10 per 1 minute: Pass (7 out of 10 remaining)");

    Run refused = remote(url(), false, "n\n", "clear", "--key", "127.0.0.1", "--endpoint", "root");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).contains("Proceed with resetting limits for key: 127.0.0.1? [y/n]: ");

    Run cleared = remote(url(), false, "y\n", "clear", "--key", "127.0.0.1", "--endpoint", "root");
    assertThat(cleared.code()).isZero();
    assertThat(cleared.out())
        .endsWith("kitchensink\n`-- root: /\n    `-- 10 per 1 minute: Cleared\n");
    assertThat(remote(url(), false, "", "limits", "--key", "127.0.0.1", "--endpoint", "root").out())
        .contains("10 per 1 minute: Pass (10 out of 10 remaining)");
  }

  @Test
  void aKeyNeverSeenPassesEverything() throws IOException {
    assertThat(remote(url(), false, "", "limits", "--key", KEY).out())
        .isEqualTo(golden("limits-key.txt"));
  }

  @Test
  void filtersThatMatchNothingSaySoAndExitOne() {
    Run endpoint = remote(url(), false, "", "limits", "--endpoint", "nope");
    assertThat(endpoint.code()).isEqualTo(1);
    assertThat(endpoint.err()).contains("nope not found");
    Run path = remote(url(), false, "", "limits", "--path", "/nowhere");
    assertThat(path.code()).isEqualTo(1);
    assertThat(path.err()).contains("/nowhere could not be matched to an endpoint");
  }

  @Test
  void usageErrorsExitTwoAndEveryCommandHasHelp() {
    assertThat(remote(url(), false, "", "limits", "--bogus").code()).isEqualTo(2);
    assertThat(remote(url(), false, "", "clear").code()).as("--key is required").isEqualTo(2);
    for (String command : List.of("config", "limits", "clear")) {
      Run help = remote(url(), false, "", command, "--help");
      assertThat(help.code()).isZero();
      assertThat(help.out()).startsWith("Usage: limiter " + command);
    }
  }

  @Test
  void theStandaloneExecutableDrawsBoxesAndColoursOnAPseudoTerminal() throws Exception {
    Path executable = Path.of("../../limiter4j-cli/target/limiter").toAbsolutePath().normalize();
    assertThat(executable).as("built by the limiter4j-cli module").isExecutable();
    Process process =
        new ProcessBuilder(
                "script", "-qec", executable + " --url " + url() + " limits", "/dev/null")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    assertThat(output.replace("\r\n", "\n")).isEqualTo(golden("limits-terminal.txt"));

    Process piped =
        new ProcessBuilder(executable.toString(), "--url", url(), "limits")
            .redirectErrorStream(true)
            .start();
    String plain = new String(piped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(piped.waitFor()).isZero();
    assertThat(plain).isEqualTo(golden("limits.txt"));
  }

  @Test
  void theActuatorEndpointAnswersOverHttp() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> all =
        client.send(
            HttpRequest.newBuilder(URI.create(url())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body())
        .contains("\"name\":\"kitchensink\"")
        .contains("\"configuration\"")
        .contains("\"endpoint\":\"root\"");
    HttpResponse<String> missing =
        client.send(
            HttpRequest.newBuilder(URI.create(url() + "?endpoint=nope")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("nope not found");
    HttpResponse<String> deleted =
        client.send(
            HttpRequest.newBuilder(URI.create(url() + "/10.1.1.1?endpoint=root")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).contains("10 per 1 minute");
  }

  @Test
  void withReadOnlyAccessTheEndpointAnswersButClearsNothing() throws Exception {
    SpringApplication application = new SpringApplication(KitchensinkApplication.class);
    try (var context =
        application.run("--server.port=0", "--management.endpoint.ratelimits.access=read-only")) {
      int port =
          ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
              .getWebServer()
              .getPort();
      String base = "http://127.0.0.1:" + port + "/actuator/ratelimits";
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> read =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/10.1.1.1?endpoint=root")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> clear =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/10.1.1.1?endpoint=root")).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(clear.statusCode()).isIn(404, 405);
    }
  }
}
