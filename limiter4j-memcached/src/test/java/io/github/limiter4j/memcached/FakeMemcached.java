package io.github.limiter4j.memcached;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for memcached on a loopback port that answers each request with the next reply the
 * test queued, whatever was asked: to see how the client takes corrupt, truncated and cut-off
 * answers. A request is a number of lines the reply says; after a reply marked so, the connection
 * is closed, so that a client waiting for the rest of a truncated answer learns at once that none
 * will come.
 */
final class FakeMemcached implements AutoCloseable {
  /** What to answer to a request of {@code requestLines} lines, and whether to hang up after. */
  record Reply(int requestLines, byte[] bytes, boolean closeAfter) {}

  private final ServerSocket socket;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();

  FakeMemcached() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fake-memcached-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
  }

  /** Queues the answer to the next request, in place of any reply still queued. */
  void answerNext(Reply reply) {
    replies.clear();
    replies.add(reply);
  }

  /** Returns how many connections the server has accepted. */
  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.incrementAndGet();
        Thread handler = new Thread(() -> serve(connection), "fake-memcached-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      while (true) {
        // A reply is taken once a request came, so an idle connection takes none.
        if (!readLines(in, 1)) {
          return;
        }
        Reply reply = replies.poll(30, TimeUnit.SECONDS);
        if (reply == null || !readLines(in, reply.requestLines() - 1)) {
          return;
        }
        out.write(reply.bytes());
        out.flush();
        if (reply.closeAfter()) {
          return;
        }
      }
    } catch (IOException | InterruptedException gone) {
      // The client hung up, or the test ended.
    }
  }

  /** Reads {@code lines} request lines; false if the client hung up first. */
  private static boolean readLines(InputStream in, int lines) throws IOException {
    int seen = 0;
    while (seen < lines) {
      int b = in.read();
      if (b < 0) {
        return false;
      }
      if (b == '\n') {
        seen++;
      }
    }
    return true;
  }
}
