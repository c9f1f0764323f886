package io.github.limiter4j.redis;

import io.github.limiter4j.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The Redis servers the tests share, started once per test JVM on loopback and spare ports, and
 * stopped when it exits.
 */
final class RedisTestServers {
  static final String PASSWORD = "s3cret@pass";

  private static RedisServer standalone;

  private RedisTestServers() {}

  /** A standalone server with a password and a unix socket. */
  static synchronized RedisServer standalone() {
    if (standalone == null) {
      standalone =
          started(() -> RedisServer.start("requirepass " + PASSWORD, "unixsocket %SOCKET%"));
    }
    return standalone;
  }

  static String standaloneUri() {
    return "redis://:" + PASSWORD + "@127.0.0.1:" + standalone().port;
  }

  static String unixSocketUri() {
    return "redis+unix://:" + PASSWORD + "@" + standalone().directory.resolve("redis.sock");
  }

  /**
   * A manual clock a day ahead of the real time: keys also expire on the server's clock, which must
   * never be ahead of the test's.
   */
  static ManualClock clockAheadOfServer() {
    long ahead = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
    // Whole seconds, as the suite's default clock starts.
    return new ManualClock(Instant.ofEpochMilli(ahead - ahead % 1000));
  }

  private interface Starter {
    RedisServer start() throws IOException;
  }

  private static RedisServer started(Starter starter) {
    try {
      RedisServer server = starter.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command on the standalone server with its password; returns the first answer line. */
  static String authed(RedisServer server, String... command) throws IOException {
    return cli(server, command);
  }

  /** Returns a section of INFO from the standalone server. */
  static String info(RedisServer server, String section) throws IOException {
    return cli(server, "INFO", section);
  }

  private static String cli(RedisServer server, String... command) throws IOException {
    java.util.List<String> words = new java.util.ArrayList<>();
    words.add("redis-cli");
    words.add("-p");
    words.add(Integer.toString(server.port));
    words.add("--no-auth-warning");
    words.add("-a");
    words.add(PASSWORD);
    words.addAll(java.util.List.of(command));
    Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
    try {
      String output =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      process.waitFor();
      return output.strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
