package io.github.limiter4j.examples.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application processed ahead of time by the build ({@code process-aot}), started in its own
 * JVM from the generated code ({@code -Dspring.aot.enabled=true}), as a native image would start
 * it, and asked over HTTP.
 */
class AotModeTest {
  private static final Path CLASSES = Paths.get("target", "classes");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Process application;
  private static Path output;
  private static int port;

  @BeforeAll
  static void startTheApplicationInAotMode() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    output = Files.createTempFile("aot-example", ".log");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dspring.aot.enabled=true");
    command.add("-cp");
    command.add(applicationClassPath());
    command.add(AotApplication.class.getName());
    command.add("--server.port=" + port);
    application =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    awaitStarted(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopTheApplication() throws Exception {
    if (application != null) {
      application.destroy();
      application.waitFor();
    }
  }

  @Test
  void theBuildGeneratedTheApplicationsInitializerAndNativeImageMetadata() throws IOException {
    assertThat(
            CLASSES.resolve(
                "io/github/limiter4j/examples/aot/AotApplication__ApplicationContextInitializer.class"))
        .exists();
    JsonNode metadata = nativeImageMetadata();
    // The starter's own hints: an annotation, a SpEL root, resources.
    assertThat(reflection(metadata, "io.github.limiter4j.spring.boot.RateLimit"))
        .anySatisfy(hint -> assertThat(hint.path("allPublicMethods").asBoolean()).isTrue());
    assertThat(reflection(metadata, "io.github.limiter4j.spring.boot.SpelRoot"))
        .anySatisfy(hint -> assertThat(hint.path("allPublicMethods").asBoolean()).isTrue());
    List<String> resources = new ArrayList<>();
    metadata.path("resources").forEach(resource -> resources.add(resource.path("glob").asString()));
    assertThat(resources)
        .contains(
            "io/github/limiter4j/web/version.properties",
            "META-INF/services/io.github.limiter4j.storage.spi.StorageProvider");
    // Those for this application's annotated controller, found in its bean definitions: start-up
    // reads every declared method, beyond the handler methods Spring declares.
    assertThat(reflection(metadata, AotApplication.class.getName() + "$Views"))
        .anySatisfy(hint -> assertThat(hint.path("allDeclaredMethods").asBoolean()).isTrue());
  }

  @Test
  void theApplicationRunsFromTheGeneratedCode() throws Exception {
    HttpResponse<String> aot = get("/aot", null);
    assertThat(aot.statusCode()).isEqualTo(200);
    assertThat(aot.body())
        .contains("\"generatedArtifacts\":true")
        .contains("\"configurationClassesParsed\":false");
  }

  @Test
  void aLimitedRouteAnswersThenRefusesWithTheHeaders() throws Exception {
    HttpResponse<String> first = get("/hello", "alice");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("hello");
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    assertThat(get("/hello", "alice").statusCode()).isEqualTo(200);

    HttpResponse<String> refused = get("/hello", "alice");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(refused.headers().firstValue("X-RateLimit-Reset")).isPresent();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();

    // The SpEL key counts each client on its own.
    assertThat(get("/hello", "bob").statusCode()).isEqualTo(200);
  }

  @Test
  void aLimitedServiceIsLimitedThroughItsGeneratedProxy() throws Exception {
    assertThat(get("/report", null).body()).isEqualTo("report");
    assertThat(get("/report", null).statusCode()).isEqualTo(200);
    assertThat(get("/report", null).statusCode()).isEqualTo(429);
  }

  @Test
  void theEndpointDescribesTheLimits() throws Exception {
    HttpResponse<String> limits = get("/actuator/ratelimits", null);
    assertThat(limits.statusCode()).isEqualTo(200);
    assertThat(limits.body()).contains("\"name\":\"aot\"").contains("2 per 1 minute");
  }

  private static HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (user != null) {
      request.header("X-User", user);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The test's class path, which surefire gives as a property: the application's and more. */
  private static String applicationClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null ? path : System.getProperty("java.class.path");
  }

  private static void awaitStarted(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!application.isAlive()) {
        throw new AssertionError("the application stopped:\n" + log());
      }
      try {
        if (get("/aot", null).statusCode() == 200) {
          return;
        }
      } catch (ConnectException | java.net.http.HttpTimeoutException notYet) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the application did not start within " + timeout + ":\n" + log());
  }

  private static String log() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** The native-image metadata process-aot wrote for this application. */
  private static JsonNode nativeImageMetadata() {
    Path file =
        CLASSES.resolve(
            "META-INF/native-image/io.github.limiter4j/limiter4j-example-aot/"
                + "reachability-metadata.json");
    assertThat(file).exists();
    return JsonMapper.builder().build().readTree(file.toFile());
  }

  /** The reflection hints of {@code type}. */
  private static List<JsonNode> reflection(JsonNode metadata, String type) {
    List<JsonNode> hints = new ArrayList<>();
    metadata
        .path("reflection")
        .forEach(
            hint -> {
              if (type.equals(hint.path("type").asString())) {
                hints.add(hint);
              }
            });
    return hints;
  }
}
