package io.github.limiter4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which credentials the command sends, from options, the URL and the environment, and what it
 * masks: a tiny HTTP server on loopback records every request's Authorization header.
 */
class CredentialsEndToEndTest {
  private static final String LIMITS =
      "{\"storageAvailable\": true, \"meta\": [], \"application\": [], \"defaults\": [],"
          + " \"routes\": [{\"endpoint\": \"root\", \"path\": \"/\", \"methods\": [],"
          + " \"group\": null, \"exempt\": false, \"limits\": [{\"limit\": \"10 per 1 minute\","
          + " \"method\": null, \"status\": null}]}]}";
  private static final String WHOLE =
      "{\"name\": \"app\", \"configuration\": {\"settings\": []}, \"limits\": " + LIMITS + "}";

  private HttpServer server;
  private final List<String> requests = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          synchronized (requests) {
            requests.add(exchange.getRequestMethod() + " " + authorization);
          }
          boolean keyed = !exchange.getRequestURI().getPath().endsWith("/ratelimits");
          byte[] body = (keyed ? LIMITS : WHOLE).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String userInfo) {
    return "http://"
        + (userInfo == null ? "" : userInfo + "@")
        + "127.0.0.1:"
        + server.getAddress().getPort()
        + "/actuator/ratelimits";
  }

  /** What a command printed and its exit code. */
  record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        LimiterCli.run(
            null,
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            false,
            env);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aUserOptionWinsOverAnExportedToken() {
    Run run =
        run(
            Map.of("LIMITER_TOKEN", "env-token"),
            "",
            "--url",
            url(null),
            "--user",
            "ops",
            "--password",
            "opspw",
            "config");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(requests).containsExactly("GET " + basic("ops", "opspw"));
  }

  @Test
  void aTokenOptionWinsOverAnExportedUserAndPassword() {
    Run run =
        run(
            Map.of("LIMITER_USER", "ops", "LIMITER_PASSWORD", "env-pw"),
            "",
            "--url",
            url(null),
            "--token",
            "cli-token",
            "config");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(requests).containsExactly("GET Bearer cli-token");
  }

  @Test
  void theUrlsUserWinsOverAnExportedToken() {
    Run run = run(Map.of("LIMITER_TOKEN", "env-token"), "", "--url", url("ops:urlpw"), "config");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(requests).containsExactly("GET " + basic("ops", "urlpw"));
  }

  @Test
  void aUserOptionNamingTheUrlsUserKeepsTheUrlsPassword() {
    Run run = run(Map.of(), "", "--url", url("ops:urlpw"), "--user", "ops", "config");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(requests).containsExactly("GET " + basic("ops", "urlpw"));
  }

  @Test
  void aTokenAndAUserFromTheEnvironmentTogetherAreAUsageError() {
    Run run =
        run(
            Map.of("LIMITER_TOKEN", "env-token", "LIMITER_USER", "ops"),
            "",
            "--url",
            url(null),
            "config");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("give either a bearer token (LIMITER_TOKEN) or a user and password")
        .doesNotContain("env-token");
    assertThat(requests).isEmpty();
  }

  @Test
  void aPasswordReadFromTheInputLeavesClearsConfirmationToBeRead() {
    Run run =
        run(
            Map.of(),
            "pw\ny\n",
            "--url",
            url(null),
            "--user",
            "ops",
            "--password",
            "clear",
            "--key",
            "10.0.0.1");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("10 per 1 minute: Cleared");
    assertThat(requests)
        .containsExactly("GET " + basic("ops", "pw"), "DELETE " + basic("ops", "pw"));
  }

  @Test
  void aSecretHoldingAShorterOneIsMaskedWhole() {
    Run run =
        run(Map.of(), "", "--url", url(null), "--password", "abc", "--tokn", "abcdef", "config");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--tokn").doesNotContain("def").doesNotContain("abc");
  }

  @Test
  void aShortPasswordIsMaskedInAUrl() {
    Run run = run(Map.of(), "", "--url", url("ops:pw"), "config", "http://ops:pw@elsewhere/");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("http://ops:****@elsewhere/").doesNotContain(":pw@");
  }
}
