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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command against an endpoint that answers badly: a tiny HTTP server on loopback gives each
 * answer, and every command must fail with one clear line naming the URL and what was wrong.
 */
class BadAnswersTest {
  private static final String JSON = "application/vnd.spring-boot.actuator.v3+json";

  /**
   * One answer the server gives: its status, Content-Type (null for none), and its body at the
   * endpoint's address and at a key's address below it.
   */
  record Answer(int status, String contentType, String body, String keyed) {
    Answer(int status, String contentType, String body) {
      this(status, contentType, body, body);
    }
  }

  private static HttpServer server;
  private static volatile Answer answer = new Answer(200, JSON, "{}");
  private static volatile String requested;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Answer current = answer;
          requested = exchange.getRequestMethod() + " " + exchange.getRequestURI();
          boolean keyed = !exchange.getRequestURI().getPath().endsWith("/ratelimits");
          byte[] body = (keyed ? current.keyed() : current.body()).getBytes(StandardCharsets.UTF_8);
          if (current.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", current.contentType());
          }
          exchange.sendResponseHeaders(current.status(), body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/ratelimits";
  }

  /** What a command printed and its exit code. */
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> line = new ArrayList<>(List.of("--url", url()));
    line.addAll(List.of(args));
    int code =
        LimiterCli.run(
            null,
            line.toArray(new String[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)),
            false);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final String LINE =
      "{\"limit\": \"10 per 1 minute\", \"method\": null, \"status\": null}";
  private static final String LIMITS =
      "{\"storageAvailable\": true, \"meta\": [], \"application\": [], \"defaults\": ["
          + LINE
          + "], \"routes\": [{\"endpoint\": \"root\", \"path\": \"/\", \"methods\": [],"
          + " \"group\": null, \"exempt\": false, \"limits\": ["
          + LINE
          + "]}]}";
  private static final String SETTINGS =
      "[{\"section\": \"General\", \"name\": \"ratelimit.enabled\", \"value\": \"true\"}]";
  private static final String WHOLE =
      "{\"name\": \"app\", \"configuration\": {\"settings\": "
          + SETTINGS
          + "}, \"limits\": "
          + LIMITS
          + "}";

  static Stream<Arguments> badAnswers() {
    return Stream.of(
        bad("a trailing backslash", 200, JSON, "{\"name\": \"app\\", "malformed JSON"),
        bad("a short \\u escape", 200, JSON, "{\"name\": \"\\u12\"}", "malformed JSON"),
        bad("an invalid escape", 200, JSON, "{\"name\": \"a\\qb\"}", "malformed JSON"),
        bad("a truncated answer", 200, JSON, WHOLE.substring(0, 60), "malformed JSON"),
        bad("text after the value", 200, JSON, WHOLE + " {}", "malformed JSON"),
        bad("an empty body", 200, JSON, "", "an empty body"),
        bad(
            "an HTML page",
            200,
            "text/html;charset=utf-8",
            "<html>\n<body>Login</body>\n</html>",
            "text/html"),
        bad("JSON as text/plain", 200, "text/plain", WHOLE, "text/plain"),
        bad("no Content-Type", 200, null, WHOLE, "no Content-Type"),
        bad("a JSON array", 200, JSON, "[1, 2, 3]", "an array where an object was expected"),
        bad("a JSON string", 200, JSON, "\"ok\"", "a string where an object was expected"),
        bad("a foreign object", 200, JSON, "{\"status\": \"UP\"}", "the answer has no \""),
        bad("an empty object", 200, JSON, "{}", "the answer has no \""),
        badShape(
            "lists of the wrong type",
            json -> json.replace(SETTINGS, "3").replace("\"meta\": []", "\"meta\": 3"),
            "a number where an array was expected"),
        badShape(
            "a route without its limits",
            json -> json.replace(", \"limits\": [" + LINE + "]}]", "}]"),
            "routes[0] has no \"limits\""),
        badShape(
            "a line without its limit",
            json -> json.replace("\"limit\": \"10 per 1 minute\"", "\"count\": 10"),
            "[0] has no \"limit\""),
        badShape(
            "a status that is not an object",
            json -> json.replace("\"status\": null", "\"status\": \"Pass\""),
            "a string where an object was expected"),
        bad(
            "HTTP 500",
            500,
            JSON,
            "{\"status\": 500, \"error\": \"Internal Server Error\"}",
            "answered 500"),
        bad("HTTP 404 without an error", 404, "text/html", "<h1>Not Found</h1>", "answered 404"),
        bad(
            "HTTP 404 from Spring Boot's error page",
            404,
            "application/json",
            "{\"timestamp\": \"2026-12-01T00:00:00Z\", \"status\": 404, \"error\": \"Not Found\","
                + " \"path\": \"/actuator/ratelimits\"}",
            "answered 404 (is the ratelimits endpoint exposed over HTTP?)"),
        bad("HTTP 401", 401, null, "", "answered 401 Unauthorized: the endpoint is secured; give"),
        bad("HTTP 403", 403, null, "", "answered 403 Forbidden: anonymous users may not"),
        bad("HTTP 302", 302, null, "", "answered 302, a redirect: is the endpoint behind a login"));
  }

  private static Arguments bad(
      String what, int status, String contentType, String body, String expected) {
    return Arguments.of(what, new Answer(status, contentType, body), expected);
  }

  /** An answer of the right JSON, changed by {@code change}, at both addresses. */
  private static Arguments badShape(
      String what, java.util.function.UnaryOperator<String> change, String expected) {
    return Arguments.of(
        what, new Answer(200, JSON, change.apply(WHOLE), change.apply(LIMITS)), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAnswers")
  void everyBadAnswerIsOneClearLineAndExitOne(String what, Answer bad, String expected) {
    answer = bad;
    for (String[] command :
        List.of(
            new String[] {"config"},
            new String[] {"limits"},
            new String[] {"limits", "--key", "10.0.0.1"},
            new String[] {"limits", "--endpoint", "root"},
            new String[] {"clear", "--key", "10.0.0.1", "-y"})) {
      Run run = run(command);
      String name = what + ": limiter " + String.join(" ", command);
      assertThat(run.code()).as(name).isEqualTo(1);
      assertThat(run.out()).as(name).isEmpty();
      assertThat(run.err().lines()).as(name).hasSize(1);
      assertThat(run.err())
          .as(name)
          .startsWith("Error: " + url())
          .contains(expected)
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aWellFormedAnswerIsShownAsTheEndpointWroteIt() {
    answer =
        new Answer(
            200,
            "application/json",
            WHOLE
                .replace("\"ratelimit.enabled\"", "\"ratelimit.key-prefix\"")
                .replace("\"value\": \"true\"", "\"value\": \"'caf\\u00e9 \\\"x\\\"'\""));
    Run config = run("config");
    assertThat(config.code()).as(config.err()).isZero();
    assertThat(config.out()).contains("ratelimit.key-prefix  'café \"x\"'");

    Run limits = run("limits");
    assertThat(limits.code()).as(limits.err()).isZero();
    assertThat(limits.out())
        .isEqualTo(
            "Default Limits\n`-- 10 per 1 minute\napp\n`-- root: /\n    `-- 10 per 1 minute\n");
  }

  @Test
  void aKeysAnswerIsReadFromTheKeysAddress() {
    answer = new Answer(200, JSON, WHOLE, LIMITS);
    Run limits = run("limits", "--key", "10.0.0.1", "--endpoint", "root");
    assertThat(limits.code()).as(limits.err()).isZero();
    assertThat(requested).isEqualTo("GET /actuator/ratelimits/10.0.0.1?endpoint=root");
    assertThat(limits.out()).isEqualTo("application\n`-- root: /\n    `-- 10 per 1 minute\n");
  }

  @Test
  void aFilterThatMatchesNothingShowsTheEndpointsOwnError() {
    answer = new Answer(404, JSON, "{\"error\": \"nope not found\"}");
    Run run = run("limits", "--endpoint", "nope");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: nope not found\n");
  }
}
