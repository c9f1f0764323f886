package io.github.limiter4j.memcached;

import io.github.limiter4j.storage.StorageException;
import java.nio.charset.StandardCharsets;

/**
 * One answer of the meta protocol: its status, the value of a {@code VA} answer, and the item's CAS
 * token when asked for with the {@code c} flag (else 0).
 */
record MetaResponse(Status status, byte[] value, long cas) {
  static final MetaResponse NOT_STORED = new MetaResponse(Status.NS, null, 0);
  static final MetaResponse EXISTS = new MetaResponse(Status.EX, null, 0);
  static final MetaResponse NOT_FOUND = new MetaResponse(Status.NF, null, 0);
  static final MetaResponse MISS = new MetaResponse(Status.EN, null, 0);
  static final MetaResponse NO_OP = new MetaResponse(Status.MN, null, 0);

  /** The answer codes of the meta commands. */
  enum Status {
    /** A value follows. */
    VA,
    /** Done (stored, deleted, counted), no value asked for. */
    HD,
    /** Not stored: an add found the item, or a set's conditions failed. */
    NS,
    /** The CAS token did not match: someone else wrote first. */
    EX,
    /** Not found, for a command that needs the item. */
    NF,
    /** Miss, for a get. */
    EN,
    /** The answer to a no-op. */
    MN
  }

  /** Returns true if the command found, stored or counted its item. */
  boolean ok() {
    return status == Status.VA || status == Status.HD;
  }

  /**
   * Returns the value as an unsigned 64-bit count (memcached pads counters it decremented with
   * spaces); 0 for an answer without a value.
   *
   * @throws StorageException if the value is not a count, which only a key written by something
   *     other than this storage holds
   */
  long count() {
    if (value == null) {
      return 0;
    }
    String text = new String(value, StandardCharsets.US_ASCII).strip();
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new StorageException(
          "a memcached counter holds \"" + text + "\", which is not a count", e);
    }
  }
}
