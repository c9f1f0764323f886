package io.github.limiter4j.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server (or redis-sentinel) process on loopback and a spare port, for the tests. It
 * needs the Debian package redis-server, which scripts/test installs; without it the tests fail
 * (they never skip).
 */
final class RedisServer implements AutoCloseable {
  final int port;
  final Path directory;
  private final Process process;

  private RedisServer(int port, Path directory, Process process) {
    this.port = port;
    this.directory = directory;
    this.process = process;
  }

  /** Starts redis-server with these extra configuration lines. */
  static RedisServer start(String... config) throws IOException {
    return startOn("redis-server", sparePort(), config);
  }

  static RedisServer startOn(String executable, int port, String... config) throws IOException {
    return startOn(executable, port, port, config);
  }

  /** Starts with {@code plainPort} as the plain port (0 for none), waiting for {@code port}. */
  static RedisServer startOn(String executable, int plainPort, int port, String... config)
      throws IOException {
    Path directory = Files.createTempDirectory("limiter4j-redis-" + port);
    List<String> lines = new ArrayList<>();
    lines.add("port " + plainPort);
    lines.add("bind 127.0.0.1");
    lines.add("save \"\"");
    lines.add("appendonly no");
    lines.add("daemonize no");
    lines.add("dir " + directory);
    lines.add("logfile " + directory.resolve("server.log"));
    for (String line : config) {
      lines.add(line.replace("%SOCKET%", directory.resolve("redis.sock").toString()));
    }
    Path file = directory.resolve("redis.conf");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Process process;
    try {
      process =
          new ProcessBuilder(executable, file.toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          executable
              + " could not be started: install the Debian packages redis-server and"
              + " redis-sentinel (scripts/test does)",
          e);
    }
    RedisServer server = new RedisServer(port, directory, process);
    server.awaitPort(Duration.ofSeconds(15));
    return server;
  }

  /** Starts a TLS-only redis-server: its port speaks TLS, with these TLS settings. */
  static RedisServer startTls(String... tlsConfig) throws IOException {
    int port = sparePort();
    String[] config = new String[tlsConfig.length + 1];
    config[0] = "tls-port " + port;
    System.arraycopy(tlsConfig, 0, config, 1, tlsConfig.length);
    return startOn("redis-server", 0, port, config);
  }

  static int sparePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitPort(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis exited with " + process.exitValue() + ": " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IOException("redis did not open port " + port + ": " + log());
  }

  String log() {
    try {
      Path log = directory.resolve("server.log");
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Suspends the server (SIGSTOP), as a hung host would be. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Resumes a paused server (SIGCONT). */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
