package io.github.limiter4j.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real memcached process on a spare loopback port or a unix socket, for the tests. It needs the
 * Debian package memcached, which scripts/test installs; without it the tests fail (they never
 * skip).
 */
final class MemcachedServer implements AutoCloseable {
  final int port;
  final Path socket;
  private final Path directory;
  private Process process;

  private MemcachedServer(int port, Path socket, Path directory) {
    this.port = port;
    this.socket = socket;
    this.directory = directory;
  }

  /** Starts memcached on a spare TCP port of 127.0.0.1. */
  static MemcachedServer startTcp() throws IOException {
    return startTcpOn(sparePort());
  }

  /** Starts memcached on {@code port} of 127.0.0.1. */
  static MemcachedServer startTcpOn(int port) throws IOException {
    MemcachedServer server =
        new MemcachedServer(port, null, Files.createTempDirectory("limiter4j-memcached"));
    server.start();
    return server;
  }

  /** Starts memcached on a unix socket only. */
  static MemcachedServer startUnix() throws IOException {
    Path directory = Files.createTempDirectory("limiter4j-memcached");
    MemcachedServer server = new MemcachedServer(0, directory.resolve("memcached.sock"), directory);
    server.start();
    return server;
  }

  /** The URI of this server. */
  String uri() {
    return socket != null ? "memcached://" + socket : "memcached://127.0.0.1:" + port;
  }

  /** Starts the process (again, after {@link #stop}), on the same port or socket. */
  void start() throws IOException {
    List<String> command = new ArrayList<>(List.of("memcached", "-U", "0", "-t", "2", "-m", "64"));
    if (socket != null) {
      Files.deleteIfExists(socket);
      command.addAll(List.of("-s", socket.toString(), "-a", "0700"));
    } else {
      command.addAll(List.of("-l", "127.0.0.1", "-p", Integer.toString(port)));
    }
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root"));
    }
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("memcached.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "memcached could not be started: install the Debian package memcached (scripts/test"
              + " does)",
          e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    awaitReady(Duration.ofSeconds(15));
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

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "memcached exited with "
                + process.exitValue()
                + ": "
                + Files.readString(directory.resolve("memcached.log")));
      }
      try (SocketChannel channel =
          socket != null ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
        channel.connect(
            socket != null
                ? UnixDomainSocketAddress.of(socket)
                : new InetSocketAddress("127.0.0.1", port));
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
    throw new IOException("memcached did not start listening on " + uri());
  }

  static int sparePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops the process; {@link #start} starts it again. */
  void stop() {
    Process running = process;
    if (running == null) {
      return;
    }
    running.destroy();
    try {
      if (!running.waitFor(5, TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
