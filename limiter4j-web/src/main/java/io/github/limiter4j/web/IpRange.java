package io.github.limiter4j.web;

/** A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}), or one address. */
final class IpRange {
  private final byte[] network;
  private final int prefix;

  private IpRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Reads {@code 10.0.0.0/8}, {@code fd00::/8} or a single address such as {@code 127.0.0.1}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  static IpRange parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] address = IpAddress.parse(addressPart);
    if (address == null) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8");
    }
    boolean ipv6Notation = addressPart.indexOf(':') >= 0;
    int bits = ipv6Notation ? 128 : 32;
    int prefix = address.length * 8;
    if (slash >= 0) {
      String length = trimmed.substring(slash + 1);
      if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
        throw new IllegalArgumentException(
            "\"" + text + "\": the prefix length after '/' must be 0 to " + bits);
      }
      prefix = Integer.parseInt(length);
      // An IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) covers IPv4 addresses.
      if (address.length == 4 && ipv6Notation) {
        if (prefix < 96) {
          throw new IllegalArgumentException(
              "\"" + text + "\": an IPv4-mapped block needs a prefix length of 96 to 128");
        }
        prefix -= 96;
      }
    }
    return new IpRange(IpAddress.mask(address, prefix), prefix);
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this block. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    return rest == 0 || ((address[whole] ^ network[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
  }

  @Override
  public String toString() {
    return IpAddress.format(network) + "/" + prefix;
  }
}
