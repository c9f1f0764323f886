package io.github.limiter4j.redis;

import io.github.limiter4j.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The Redis servers the tests share, started once per test JVM on loopback and spare ports, and
 * stopped when it exits.
 */
final class RedisTestServers {
  static final String PASSWORD = "s3cret@pass";

  private static RedisServer standalone;
  private static RedisServer tls;
  private static java.nio.file.Path certificates;
  private static java.util.List<RedisServer> cluster;
  private static SentinelSetup sentinel;

  private RedisTestServers() {}

  /** A standalone server with a password and a unix socket. */
  static synchronized RedisServer standalone() {
    if (standalone == null) {
      standalone =
          started(() -> RedisServer.start("requirepass " + PASSWORD, "unixsocket %SOCKET%"));
    }
    return standalone;
  }

  /** A TLS-only server whose certificate, for 127.0.0.1, is signed by a CA the test makes. */
  static synchronized RedisServer tls() {
    if (tls == null) {
      certificates = started(RedisTestServers::makeCertificates);
      tls =
          started(
              () ->
                  RedisServer.startTls(
                      "tls-cert-file " + certificates.resolve("server.crt"),
                      "tls-key-file " + certificates.resolve("server.key"),
                      "tls-ca-cert-file " + certificates.resolve("ca.crt"),
                      "tls-auth-clients no"));
    }
    return tls;
  }

  static String tlsUri() {
    return "rediss://127.0.0.1:" + tls().port + "?ssl_ca_certs=" + certificates.resolve("ca.crt");
  }

  /** Three masters of a cluster, slots spread over them. */
  static synchronized java.util.List<RedisServer> cluster() {
    if (cluster == null) {
      cluster = started(RedisTestServers::makeCluster);
    }
    return cluster;
  }

  static String clusterUri() {
    java.util.List<String> nodes = new java.util.ArrayList<>();
    for (RedisServer node : cluster()) {
      nodes.add("127.0.0.1:" + node.port);
    }
    return "redis+cluster://" + String.join(",", nodes);
  }

  /** A master, its replica and three sentinels watching them as "mymaster". */
  static synchronized SentinelSetup sentinel() {
    if (sentinel == null) {
      sentinel = started(SentinelSetup::start);
    }
    return sentinel;
  }

  static String sentinelUri() {
    return sentinel().uri();
  }

  private static java.nio.file.Path makeCertificates() throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("limiter4j-tls");
    java.nio.file.Files.writeString(
        dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-subj",
        "/CN=limiter4j test CA");
    run(
        dir,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    run(
        dir,
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "san.ext");
    return dir;
  }

  private static java.util.List<RedisServer> makeCluster() throws IOException {
    java.util.List<RedisServer> nodes = new java.util.ArrayList<>();
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("redis-cli", "--cluster", "create"));
    for (int i = 0; i < 3; i++) {
      RedisServer node =
          RedisServer.startOn(
              "redis-server",
              clusterPort(),
              "cluster-enabled yes",
              "cluster-config-file nodes.conf",
              "cluster-node-timeout 2000");
      nodes.add(node);
      command.add("127.0.0.1:" + node.port);
    }
    command.add("--cluster-replicas");
    command.add("0");
    command.add("--cluster-yes");
    run(nodes.get(0).directory, command.toArray(new String[0]));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (RedisServer node : nodes) {
      while (!cli(node.port, null, "CLUSTER", "INFO").contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the cluster did not become ready: " + node.log());
        }
        sleep(100);
      }
    }
    for (RedisServer node : nodes) {
      Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    }
    return nodes;
  }

  /** A spare port whose cluster bus port (10,000 above it) exists. */
  private static int clusterPort() throws IOException {
    int port;
    do {
      port = RedisServer.sparePort();
    } while (port > 55_535);
    return port;
  }

  static void run(java.nio.file.Path dir, String... command) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The URI of a deployment: standalone, tls, cluster or sentinel. */
  static String uri(String deployment) {
    switch (deployment) {
      case "standalone":
        return standaloneUri();
      case "tls":
        return tlsUri();
      case "cluster":
        return clusterUri();
      case "sentinel":
        return sentinelUri();
      default:
        throw new IllegalArgumentException("no deployment " + deployment);
    }
  }

  /**
   * The timeout of the storages the compatibility suites use. They test counting, not timeouts
   * (RedisStorageTest does): on a loaded machine a million-entry moving window can take longer than
   * the default second.
   */
  static final Duration SUITE_TIMEOUT = Duration.ofSeconds(10);

  static String standaloneUri() {
    return "redis://:" + PASSWORD + "@127.0.0.1:" + standalone().port;
  }

  static String unixSocketUri() {
    return "redis+unix://:" + PASSWORD + "@" + standalone().directory.resolve("redis.sock");
  }

  /**
   * A manual clock one to two days ahead of the real time: keys also expire on the server's clock,
   * which must never be ahead of the test's.
   */
  static ManualClock clockAheadOfServer() {
    // At the start of a day, as the suite's default clock starts: a start taken from the time of
    // day made the sliding window counter's hour buckets end during a test now and then (a 1/hour
    // hit weighs nothing 1.5 s later when an hour began in between).
    return new ManualClock(Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS));
  }

  private interface Starter<T> {
    T start() throws IOException;
  }

  private static <T> T started(Starter<T> starter) {
    try {
      T started = starter.start();
      if (started instanceof RedisServer) {
        Runtime.getRuntime().addShutdownHook(new Thread(((RedisServer) started)::close));
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command on the standalone server with its password; returns the answer. */
  static String authed(RedisServer server, String... command) throws IOException {
    return cli(server.port, PASSWORD, command);
  }

  /** Returns a section of INFO from the standalone server. */
  static String info(RedisServer server, String section) throws IOException {
    return cli(server.port, PASSWORD, "INFO", section);
  }

  /** Returns how many script calls (EVALSHA and EVAL) a server has run. */
  static long scriptCalls(int port, String password) throws IOException {
    long calls = 0;
    for (String line : cli(port, password, "INFO", "commandstats").split("\\R")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        String rest = line.substring(line.indexOf("calls=") + "calls=".length());
        calls += Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return calls;
  }

  /** Runs redis-cli against a local server, with a password or none; returns the answer. */
  static String cli(int port, String password, String... command) throws IOException {
    java.util.List<String> words =
        new java.util.ArrayList<>(java.util.List.of("redis-cli", "-p", Integer.toString(port)));
    if (password != null) {
      words.addAll(java.util.List.of("--no-auth-warning", "-a", password));
    }
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
