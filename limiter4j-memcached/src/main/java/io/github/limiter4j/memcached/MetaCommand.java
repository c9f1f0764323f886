package io.github.limiter4j.memcached;

import java.nio.charset.StandardCharsets;

/**
 * One meta protocol request for one item: the (already encoded) key that chooses its server, and
 * the bytes sent. Each answers with one {@link MetaResponse}.
 */
final class MetaCommand {
  final String key;
  final byte[] bytes;

  private MetaCommand(String key, byte[] bytes) {
    this.key = key;
    this.bytes = bytes;
  }

  /** Gets the value: {@code VA} or {@code EN}; with its CAS token if {@code withCas}. */
  static MetaCommand get(String key, boolean withCas) {
    return line(key, "mg " + key + (withCas ? " v c" : " v"));
  }

  /**
   * Adds {@code delta} to a counter, creating it with the value {@code delta} if it is missing:
   * {@code VA} with the new value. One command, atomic on the server.
   */
  static MetaCommand increment(String key, long delta, long exptime) {
    return line(key, "ma " + key + " N" + exptime + " J" + delta + " D" + delta + " v");
  }

  /**
   * Adds {@code delta} to a counter if it still has the CAS token {@code cas}: {@code VA} with the
   * new value, else {@code EX} (written since) or {@code NF} (gone since).
   */
  static MetaCommand incrementIfUnchanged(String key, long delta, long cas) {
    return line(key, "ma " + key + " C" + Long.toUnsignedString(cas) + " D" + delta + " v");
  }

  /** Takes {@code delta} from a counter, stopping at 0: {@code HD}, or {@code NF} if missing. */
  static MetaCommand decrement(String key, long delta) {
    return line(key, "ma " + key + " MD D" + delta);
  }

  /** Stores the value if the key is missing: {@code HD}, or {@code NS} if it exists. */
  static MetaCommand add(String key, byte[] value, long exptime) {
    return set(key, value, " T" + exptime + " ME");
  }

  /**
   * Stores the value if the item still has the CAS token {@code cas}: {@code HD}, else {@code EX}
   * (written since) or {@code NF} (gone since).
   */
  static MetaCommand replace(String key, byte[] value, long exptime, long cas) {
    return set(key, value, " T" + exptime + " C" + Long.toUnsignedString(cas));
  }

  /** Deletes the item: {@code HD}, or {@code NF} if it was missing. */
  static MetaCommand delete(String key) {
    return line(key, "md " + key);
  }

  /** Does nothing: {@code MN}. */
  static MetaCommand noOp(String key) {
    return line(key, "mn");
  }

  private static MetaCommand set(String key, byte[] value, String flags) {
    byte[] header =
        ("ms " + key + " " + value.length + flags + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[header.length + value.length + 2];
    System.arraycopy(header, 0, bytes, 0, header.length);
    System.arraycopy(value, 0, bytes, header.length, value.length);
    bytes[bytes.length - 2] = '\r';
    bytes[bytes.length - 1] = '\n';
    return new MetaCommand(key, bytes);
  }

  private static MetaCommand line(String key, String text) {
    return new MetaCommand(key, (text + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\r') {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.US_ASCII);
  }
}
