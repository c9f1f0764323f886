package io.github.limiter4j.web;

import java.util.Arrays;

/**
 * IP address literals, read and written without {@link java.net.InetAddress}: its parsing falls
 * back to a DNS lookup for anything that is not a literal, and header values come from clients.
 */
final class IpAddress {
  private IpAddress() {}

  /**
   * Returns the address written in {@code text}, 4 bytes for IPv4 and 16 for IPv6 (an IPv4-mapped
   * IPv6 address gives its 4 IPv4 bytes, so both forms of a client are one), or null if the text is
   * not an address literal. An IPv6 zone ({@code %eth0}) is dropped.
   */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return parseIpv4(text, 0, text.length());
    }
    int zone = text.indexOf('%');
    byte[] address = parseIpv6(text, 0, zone < 0 ? text.length() : zone);
    if (address == null || zone == text.length() - 1) {
      return null;
    }
    return isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
  }

  /** Writes an address: dotted decimal, or IPv6 in the canonical form of RFC 5952. */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    // The longest run of two or more zero groups, the first of equal runs, becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * Whether {@code address} is loopback, private (RFC 1918, RFC 4193), shared (RFC 6598) or
   * link-local: where proxies and load balancers talk to applications from. False for null.
   */
  static boolean isPrivate(byte[] address) {
    if (address == null) {
      return false;
    }
    int a = address[0] & 0xff;
    int b = address[1] & 0xff;
    if (address.length == 4) {
      return a == 10
          || a == 127
          || (a == 172 && b >= 16 && b < 32)
          || (a == 192 && b == 168)
          || (a == 169 && b == 254)
          || (a == 100 && b >= 64 && b < 128);
    }
    boolean loopback = address[15] == 1;
    for (int i = 0; i < 15 && loopback; i++) {
      loopback = address[i] == 0;
    }
    return loopback || (a & 0xfe) == 0xfc || (a == 0xfe && (b & 0xc0) == 0x80);
  }

  /** Returns a copy of {@code address} with every bit after the first {@code bits} cleared. */
  static byte[] mask(byte[] address, int bits) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      masked[i] &= (byte) (0xff << (8 - keep));
    }
    return masked;
  }

  private static boolean isIpv4Mapped(byte[] address) {
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
  }

  private static byte[] parseIpv4(String text, int start, int end) {
    byte[] address = new byte[4];
    int part = 0;
    int i = start;
    while (part < 4) {
      int value = 0;
      int digits = 0;
      while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9' && digits < 4) {
        value = value * 10 + text.charAt(i) - '0';
        digits++;
        i++;
      }
      if (digits == 0 || digits > 3 || value > 255) {
        return null;
      }
      address[part++] = (byte) value;
      if (part < 4) {
        if (i >= end || text.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == end ? address : null;
  }

  private static byte[] parseIpv6(String text, int start, int end) {
    byte[] address = new byte[16];
    int written = 0; // bytes written
    int gap = -1; // where "::" stands, in bytes
    int i = start;
    if (end - i >= 2 && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
      gap = 0;
      i += 2;
      if (i == end) {
        return address;
      }
    }
    while (i < end) {
      if (written == 16) {
        return null;
      }
      int groupStart = i;
      int value = 0;
      while (i < end && i - groupStart < 5 && hex(text.charAt(i)) >= 0) {
        value = (value << 4) | hex(text.charAt(i));
        i++;
      }
      if (i < end && text.charAt(i) == '.') {
        // Embedded IPv4 in the last 4 bytes.
        byte[] ipv4 = written <= 12 ? parseIpv4(text, groupStart, end) : null;
        if (ipv4 == null) {
          return null;
        }
        System.arraycopy(ipv4, 0, address, written, 4);
        written += 4;
        i = end;
        break;
      }
      int length = i - groupStart;
      if (length == 0 || length > 4) {
        return null;
      }
      address[written++] = (byte) (value >> 8);
      address[written++] = (byte) value;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < end && text.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = written;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return null; // a single trailing colon
      }
    }
    if (gap < 0) {
      return written == 16 ? address : null;
    }
    if (written == 16) {
      return null; // "::" must stand for at least one group
    }
    int tail = written - gap;
    System.arraycopy(address, gap, address, 16 - tail, tail);
    Arrays.fill(address, gap, 16 - tail, (byte) 0);
    return address;
  }

  /**
   * The value of an ASCII hexadecimal digit, or -1 (Character.digit takes other scripts' digits).
   */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
