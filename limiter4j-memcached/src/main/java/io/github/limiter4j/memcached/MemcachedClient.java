package io.github.limiter4j.memcached;

import io.github.limiter4j.storage.StorageException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The servers of a memcached storage, each with a small pool of connections. A key belongs to one
 * server by rendezvous hashing, so adding or removing a server moves only that server's share of
 * the keys. A batch of commands is written to each server it touches before any answer is read: one
 * round trip, however many commands and servers.
 *
 * <p>Nothing is retried: a command that failed may or may not have been applied, and counting twice
 * is worse than reporting the failure. A connection that failed or timed out is closed, since its
 * stream may hold answers nobody will read.
 */
final class MemcachedClient implements AutoCloseable {
  private final Server[] servers;
  private final long timeoutNanos;
  private final long connectTimeoutNanos;
  private final LongAdder roundTrips = new LongAdder();
  private volatile boolean closed;

  MemcachedClient(
      List<SocketAddress> addresses,
      List<String> names,
      Duration timeout,
      Duration connectTimeout,
      int maxConnections) {
    servers = new Server[addresses.size()];
    for (int i = 0; i < servers.length; i++) {
      servers[i] = new Server(addresses.get(i), names.get(i), maxConnections);
    }
    timeoutNanos = timeout.toNanos();
    connectTimeoutNanos = connectTimeout.toNanos();
  }

  /** Runs the commands, pipelined per server, and returns their answers in order. */
  List<MetaResponse> execute(List<MetaCommand> commands) {
    int size = commands.size();
    if (size == 0) {
      return List.of();
    }
    roundTrips.increment();
    long deadline = System.nanoTime() + timeoutNanos;
    int[] serverOf = new int[size];
    boolean[] involved = new boolean[servers.length];
    for (int i = 0; i < size; i++) {
      serverOf[i] = serverOf(commands.get(i).key);
      involved[serverOf[i]] = true;
    }
    MemcachedConnection[] borrowed = new MemcachedConnection[servers.length];
    MetaResponse[] responses = new MetaResponse[size];
    int failing = -1;
    boolean answered = false;
    try {
      for (int s = 0; s < servers.length; s++) {
        if (involved[s]) {
          failing = s;
          borrowed[s] = servers[s].borrow(deadline, connectTimeoutNanos);
          borrowed[s].write(requestFor(commands, serverOf, s), deadline);
        }
      }
      for (int s = 0; s < servers.length; s++) {
        if (involved[s]) {
          failing = s;
          for (int i = 0; i < size; i++) {
            if (serverOf[i] == s) {
              responses[i] = borrowed[s].read(deadline);
            }
          }
        }
      }
      answered = true;
    } catch (IOException e) {
      throw failure(servers[failing], e);
    } finally {
      // On every path, an unexpected exception too, or the pool runs out of permits.
      for (int s = 0; s < servers.length; s++) {
        if (borrowed[s] != null) {
          servers[s].release(borrowed[s], answered);
        }
      }
    }
    return List.of(responses);
  }

  /**
   * Returns how many batches of commands were sent: round trips, counted once however many servers.
   */
  long roundTrips() {
    return roundTrips.sum();
  }

  /** Returns true if every server answers a no-op within the timeout. */
  boolean ping() {
    long deadline = System.nanoTime() + timeoutNanos;
    for (Server server : servers) {
      MemcachedConnection connection;
      try {
        connection = server.borrow(deadline, connectTimeoutNanos);
      } catch (IOException e) {
        return false;
      }
      boolean answered = false;
      try {
        connection.write(ByteBuffer.wrap(MetaCommand.noOp("").bytes), deadline);
        connection.read(deadline);
        answered = true;
      } catch (IOException e) {
        return false;
      } finally {
        server.release(connection, answered);
      }
    }
    return true;
  }

  /**
   * Returns the keys starting with {@code prefix} on every server, listed by memcached's LRU
   * crawler, which walks the cache without blocking it: through the hash table ({@code lru_crawler
   * metadump hash}, memcached 1.6.10 and newer), where no item escapes the walk by moving between
   * LRU queues meanwhile.
   */
  List<String> keysStartingWith(String prefix, Duration patience) {
    List<String> keys = new ArrayList<>();
    for (Server server : servers) {
      long deadline = System.nanoTime() + patience.toNanos();
      MemcachedConnection connection;
      try {
        connection = server.borrow(deadline, connectTimeoutNanos);
      } catch (IOException e) {
        throw failure(server, e);
      }
      boolean answered = false;
      try {
        dump(connection, prefix, keys, deadline);
        answered = true;
      } catch (IOException e) {
        throw failure(server, e);
      } finally {
        server.release(connection, answered);
      }
    }
    return keys;
  }

  private static void dump(
      MemcachedConnection connection, String prefix, List<String> keys, long deadline)
      throws IOException {
    byte[] request = "lru_crawler metadump hash\r\n".getBytes(StandardCharsets.US_ASCII);
    while (true) {
      connection.write(ByteBuffer.wrap(request), deadline);
      String line = connection.readLine(deadline);
      if (line.startsWith("BUSY")) {
        // Another crawl is running: wait for it rather than fail the reset.
        sleepBriefly(deadline);
        continue;
      }
      while (!line.equals("END")) {
        if (!line.startsWith("key=")) {
          throw new IOException(
              "memcached's LRU crawler answered \""
                  + MemcachedConnection.shown(line)
                  + "\"; resetting a memcached storage needs it (do not start memcached with"
                  + " -o no_lru_crawler)");
        }
        int end = line.indexOf(' ');
        String key;
        try {
          key =
              URLDecoder.decode(
                  line.substring(4, end < 0 ? line.length() : end), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new IOException(
              "memcached's LRU crawler sent a malformed key: " + MemcachedConnection.shown(line),
              e);
        }
        if (key.startsWith(prefix)) {
          keys.add(key);
        }
        line = connection.readLine(deadline);
      }
      return;
    }
  }

  private static void sleepBriefly(long deadline) throws IOException {
    if (System.nanoTime() > deadline) {
      throw new SocketTimeoutException("timed out waiting for the crawler");
    }
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the crawler", e);
    }
  }

  /** Returns the server of {@code key}: the one whose hash with the key is highest. */
  int serverOf(String key) {
    if (servers.length == 1) {
      return 0;
    }
    long keyHash = hash(key);
    int best = 0;
    long bestScore = Long.MIN_VALUE;
    for (int s = 0; s < servers.length; s++) {
      long score = mix(keyHash ^ servers[s].seed);
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  @Override
  public void close() {
    closed = true;
    for (Server server : servers) {
      server.closeIdle();
    }
  }

  private ByteBuffer requestFor(List<MetaCommand> commands, int[] serverOf, int server) {
    int length = 0;
    for (int i = 0; i < serverOf.length; i++) {
      if (serverOf[i] == server) {
        length += commands.get(i).bytes.length;
      }
    }
    ByteBuffer request = ByteBuffer.allocate(length);
    for (int i = 0; i < serverOf.length; i++) {
      if (serverOf[i] == server) {
        request.put(commands.get(i).bytes);
      }
    }
    return request.flip();
  }

  private StorageException failure(Server server, IOException e) {
    return new StorageException("memcached " + server.name + " failed: " + e.getMessage(), e);
  }

  /** FNV-1a over the key's characters: stable across processes and JVMs, unlike hashCode. */
  static long hash(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return mix(hash);
  }

  /** A 64-bit finalizer (MurmurHash3's) that spreads every input bit over the output. */
  private static long mix(long value) {
    value ^= value >>> 33;
    value *= 0xff51afd7ed558ccdL;
    value ^= value >>> 33;
    value *= 0xc4ceb9fe1a85ec53L;
    value ^= value >>> 33;
    return value;
  }

  /** One server and its idle connections; at most {@code maxConnections} are open at once. */
  private final class Server {
    final SocketAddress address;
    final String name;
    final long seed;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<MemcachedConnection> idle = new ConcurrentLinkedDeque<>();

    Server(SocketAddress address, String name, int maxConnections) {
      this.address = address;
      this.name = name;
      this.seed = hash(name);
      this.permits = new Semaphore(maxConnections);
    }

    MemcachedConnection borrow(long deadline, long connectTimeout) throws IOException {
      if (closed) {
        throw new IOException("the storage is closed");
      }
      try {
        if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          throw new SocketTimeoutException(
              "timed out waiting for a free connection (every one is in use)");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for a connection", e);
      }
      MemcachedConnection connection = idle.pollFirst();
      if (connection != null) {
        return connection;
      }
      try {
        return MemcachedConnection.open(
            address, Math.min(deadline, System.nanoTime() + connectTimeout));
      } catch (IOException | RuntimeException e) {
        permits.release();
        throw e;
      }
    }

    /**
     * Returns a borrowed connection's permit: the connection goes back to the idle ones if it
     * {@code answered} whole, else it is closed (its stream may hold answers nobody will read).
     */
    void release(MemcachedConnection connection, boolean answered) {
      try {
        if (answered && !closed) {
          idle.offerFirst(connection);
        } else {
          connection.close();
        }
      } finally {
        permits.release();
      }
    }

    void closeIdle() {
      MemcachedConnection connection;
      while ((connection = idle.pollFirst()) != null) {
        connection.close();
      }
    }
  }
}
