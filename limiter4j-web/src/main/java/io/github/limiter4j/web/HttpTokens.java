package io.github.limiter4j.web;

/** HTTP tokens (RFC 9110 section 5.6.2): what header names and method names are made of. */
final class HttpTokens {
  private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpTokens() {}

  /**
   * Returns {@code value} if it is a token.
   *
   * @throws IllegalArgumentException naming {@code what} and the value otherwise
   */
  static String requireToken(String value, String what) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || SYMBOLS.indexOf(c) >= 0;
      if (!allowed) {
        throw new IllegalArgumentException(
            what
                + " \""
                + value
                + "\" is not an HTTP token: it may hold letters, digits and "
                + SYMBOLS
                + ", not "
                + (c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'"));
      }
    }
    return value;
  }
}
