package io.github.limiter4j.memcached;

import io.github.limiter4j.internal.Utf8Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Turns limit keys into memcached keys. Memcached takes keys of at most 250 bytes without spaces or
 * control characters; a limit key can be longer or hold anything (a custom key function's output).
 * A key memcached can store is used as it is, under the prefix; any other key is replaced by a
 * digest of it, marked so that it cannot equal a key used as it is.
 */
final class MemcachedKeys {
  /** Memcached's longest key, in bytes. */
  static final int MAX_LENGTH = 250;

  // Starts every digested key's part after the prefix; a limit key starting with it is digested
  // too.
  private static final char DIGEST_MARK = '~';

  private final String prefix;

  MemcachedKeys(String prefix) {
    this.prefix = prefix + ":";
  }

  /** Returns the prefix every key of this storage starts with, colon included. */
  String prefix() {
    return prefix;
  }

  /** Returns the memcached key of {@code key}. */
  String of(String key) {
    if (key.isEmpty() || key.charAt(0) != DIGEST_MARK) {
      if (prefix.length() + key.length() <= MAX_LENGTH && isPlainAscii(key)) {
        return prefix + key;
      }
    }
    return prefix + DIGEST_MARK + digest(key);
  }

  /** Printable ASCII only (one byte a character): no space, no control character, no UTF-8. */
  private static boolean isPlainAscii(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String digest(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(Utf8Keys.encodable(key).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
