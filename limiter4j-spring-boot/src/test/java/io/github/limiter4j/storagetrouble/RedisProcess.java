package io.github.limiter4j.storagetrouble;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real redis-server on loopback, which a test can pause (SIGSTOP), resume and stop. */
final class RedisProcess implements AutoCloseable {
  final int port;
  private final Process process;

  private RedisProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts redis-server on {@code port}, with a password if {@code password} is not empty. */
  static RedisProcess start(int port, String password) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no"));
    if (!password.isEmpty()) {
      command.addAll(List.of("--requirepass", password));
    }
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(discard()).start();
    RedisProcess redis = new RedisProcess(port, process);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!redis.accepts()) {
      if (System.nanoTime() > deadline) {
        redis.close();
        throw new IOException("redis-server did not start on port " + port);
      }
      sleep(50);
    }
    return redis;
  }

  static int sparePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Pauses the server: connections stay open and nothing answers, as a hung server. */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", signal, Long.toString(process.toHandle().pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " failed");
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ProcessBuilder.Redirect discard() {
    return ProcessBuilder.Redirect.DISCARD;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      resume();
    } catch (IOException | InterruptedException e) {
      // Stopped below either way.
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
