package io.github.limiter4j.internal;

import java.util.Objects;

/**
 * Keys for storages that hold them as UTF-8 bytes (Redis, memcached). UTF-8 cannot encode a lone
 * UTF-16 surrogate, such as a key function leaves when it cuts text in the middle of an emoji; the
 * JDK's encoder writes {@code ?} for it, so {@code "a\uD83D"} and {@code "a\uD83C"} would share a
 * counter. {@link #encodable} leaves every other key as it is, and so the storage layout.
 */
public final class Utf8Keys {
  /** Starts an escaped key: U+FFFF, a noncharacter that text is not meant to contain. */
  static final char MARK = '\uFFFF';

  private Utf8Keys() {}

  /**
   * Returns {@code key} itself when UTF-8 can encode it (and it does not start with U+FFFF);
   * otherwise U+FFFF followed by the key with each lone surrogate written as {@code \}{@code uXXXX}
   * and each backslash doubled. Distinct keys always give distinct results.
   */
  public static String encodable(String key) {
    Objects.requireNonNull(key, "key");
    int length = key.length();
    if (length > 0 && key.charAt(0) == MARK) {
      return escaped(key);
    }
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(key.charAt(i + 1))) {
          i++;
        } else {
          return escaped(key);
        }
      }
    }
    return key;
  }

  private static String escaped(String key) {
    StringBuilder out = new StringBuilder(key.length() + 8).append(MARK);
    int length = key.length();
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        out.append(c).append(key.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
