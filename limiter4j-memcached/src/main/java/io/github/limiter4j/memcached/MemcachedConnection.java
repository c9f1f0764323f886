package io.github.limiter4j.memcached;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One connection to a memcached server speaking the meta text protocol: requests are written whole
 * (a batch pipelined in one write) and answers read back in order, each step bounded by a deadline.
 * Not thread-safe: a {@link MemcachedClient} lends it to one caller at a time.
 *
 * <p>The channel is non-blocking under a selector of its own, since a blocking channel cannot time
 * out a read, and unix domain sockets are reachable only through channels.
 */
final class MemcachedConnection implements Closeable {
  private static final int INITIAL_BUFFER = 8 * 1024;

  /**
   * The longest value read: memcached's default item size, which every item of a limit fits in (a
   * moving window's log is the largest). A longer length is a corrupt answer or not a limit's item,
   * and is refused before anything is allocated for it.
   */
  static final int MAX_VALUE_BYTES = 1024 * 1024;

  /** The longest line read: answer headers and the crawler's key lines are far shorter. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  // Bytes received and not yet parsed, between position and limit.
  private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER).flip();

  private MemcachedConnection(SocketChannel channel, Selector selector, SelectionKey key) {
    this.channel = channel;
    this.selector = selector;
    this.key = key;
  }

  /** Connects to {@code address} (a host and port, or a unix socket path) before the deadline. */
  static MemcachedConnection open(SocketAddress address, long deadlineNanos) throws IOException {
    if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
      // The name did not resolve when the storage was built: try again now.
      InetSocketAddress unresolved = (InetSocketAddress) address;
      address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
      if (((InetSocketAddress) address).isUnresolved()) {
        throw new IOException("cannot resolve the host name " + unresolved.getHostString());
      }
    }
    SocketChannel channel =
        address instanceof InetSocketAddress
            ? SocketChannel.open()
            : SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector selector = null;
    try {
      if (address instanceof InetSocketAddress) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      channel.configureBlocking(false);
      selector = Selector.open();
      SelectionKey key = channel.register(selector, 0);
      if (!channel.connect(address)) {
        key.interestOps(SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) {
          await(selector, deadlineNanos, "connecting to " + address);
        }
      }
      return new MemcachedConnection(channel, selector, key);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  /** Writes the whole request before the deadline. */
  void write(ByteBuffer request, long deadlineNanos) throws IOException {
    while (request.hasRemaining()) {
      if (channel.write(request) == 0) {
        key.interestOps(SelectionKey.OP_WRITE);
        await(selector, deadlineNanos, "writing");
      }
    }
  }

  /** Reads the next answer before the deadline. */
  MetaResponse read(long deadlineNanos) throws IOException {
    String line = readLine(deadlineNanos);
    if (line.startsWith("VA ")) {
      int end = line.indexOf(' ', 3);
      int length = parseLength(end < 0 ? line.substring(3) : line.substring(3, end), line);
      String flags = end < 0 ? "" : line.substring(end + 1);
      fill(length + 2, deadlineNanos);
      byte[] value = new byte[length];
      in.get(value);
      if (in.get() != '\r' || in.get() != '\n') {
        throw new IOException("memcached sent a value not followed by \\r\\n: " + shown(line));
      }
      return new MetaResponse(MetaResponse.Status.VA, value, cas(flags));
    }
    // A code is two letters, alone or followed by a space and flags.
    String code = line.length() == 2 || line.startsWith(" ", 2) ? line.substring(0, 2) : line;
    String flags = line.length() > 3 ? line.substring(3) : "";
    switch (code) {
      case "HD":
        return new MetaResponse(MetaResponse.Status.HD, null, cas(flags));
      case "NS":
        return MetaResponse.NOT_STORED;
      case "EX":
        return MetaResponse.EXISTS;
      case "NF":
        return MetaResponse.NOT_FOUND;
      case "EN":
        return MetaResponse.MISS;
      case "MN":
        return MetaResponse.NO_OP;
      default:
        // ERROR, CLIENT_ERROR ..., SERVER_ERROR ...: the server's own words say most.
        throw new IOException("memcached answered \"" + shown(line) + "\"");
    }
  }

  /** Reads one line of text, without its line end, before the deadline. */
  String readLine(long deadlineNanos) throws IOException {
    while (true) {
      // Lines are short: scanning again from the start after each read costs little.
      // The crawler's key lines end in \n alone; every other line in \r\n.
      for (int i = in.position(); i < in.limit(); i++) {
        if (in.get(i) == '\n') {
          int end = i > in.position() && in.get(i - 1) == '\r' ? i - 1 : i;
          String line =
              new String(in.array(), in.position(), end - in.position(), StandardCharsets.UTF_8);
          in.position(i + 1);
          return line;
        }
      }
      if (in.remaining() > MAX_LINE_BYTES) {
        throw new IOException(
            "memcached sent a line longer than " + MAX_LINE_BYTES + " bytes without its end");
      }
      receive(deadlineNanos);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a broken connection: nothing more to do.
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // As above.
    }
  }

  /** Makes at least {@code bytes} unparsed bytes available. */
  private void fill(int bytes, long deadlineNanos) throws IOException {
    while (in.remaining() < bytes) {
      if (in.capacity() < bytes) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(bytes, in.capacity() * 2));
        larger.put(in).flip();
        in = larger;
      }
      receive(deadlineNanos);
    }
  }

  /** Reads more bytes; the unparsed bytes move to the buffer's start first. */
  private void receive(long deadlineNanos) throws IOException {
    in.compact();
    if (!in.hasRemaining()) {
      ByteBuffer larger = ByteBuffer.allocate(in.capacity() * 2);
      in.flip();
      larger.put(in);
      in = larger;
    }
    try {
      while (true) {
        int read = channel.read(in);
        if (read < 0) {
          throw new IOException("memcached closed the connection");
        }
        if (read > 0) {
          return;
        }
        key.interestOps(SelectionKey.OP_READ);
        await(selector, deadlineNanos, "waiting for an answer");
      }
    } finally {
      in.flip();
    }
  }

  private static void await(Selector selector, long deadlineNanos, String doing)
      throws IOException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("timed out " + doing);
    }
    selector.select(Math.max(1, left / 1_000_000));
    selector.selectedKeys().clear();
  }

  private static int parseLength(String text, String line) throws IOException {
    // ASCII digits only: Integer.parseInt would also take a sign and other scripts' digits.
    boolean digits = !text.isEmpty() && text.length() <= 10;
    for (int i = 0; digits && i < text.length(); i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (!digits) {
      throw new IOException("memcached sent a malformed value header: " + shown(line));
    }
    long length = Long.parseLong(text);
    if (length > MAX_VALUE_BYTES) {
      throw new IOException(
          "memcached sent a value of "
              + length
              + " bytes, more than the "
              + MAX_VALUE_BYTES
              + " of any limit's item: "
              + shown(line));
    }
    return (int) length;
  }

  /**
   * Returns a line received, for a message: at most 100 characters, control characters escaped, so
   * that a corrupt answer cannot flood or forge log lines.
   */
  static String shown(String line) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < line.length() && i < 100; i++) {
      char c = line.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        shown.append(String.format("\\x%02x", (int) c));
      } else {
        shown.append(c);
      }
    }
    return line.length() > 100 ? shown.append("...").toString() : shown.toString();
  }

  /** Returns the value of the {@code c} (CAS) flag among the answer's flags, or 0. */
  private static long cas(String flags) throws IOException {
    int start = 0;
    while (start < flags.length()) {
      int end = flags.indexOf(' ', start);
      if (end < 0) {
        end = flags.length();
      }
      if (flags.charAt(start) == 'c') {
        try {
          return Long.parseUnsignedLong(flags.substring(start + 1, end));
        } catch (NumberFormatException e) {
          throw new IOException("memcached sent a malformed CAS flag: " + shown(flags), e);
        }
      }
      start = end + 1;
    }
    return 0;
  }
}
