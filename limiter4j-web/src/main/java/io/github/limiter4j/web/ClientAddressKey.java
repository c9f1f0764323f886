package io.github.limiter4j.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Keys requests by the client's IP address, read through the proxies you trust.
 *
 * <p>Behind a reverse proxy or load balancer every request comes from the proxy, so {@link
 * KeyFunction#remoteAddress()} would give all clients one key. The proxy names the client in a
 * header ({@code X-Forwarded-For}, or the standard {@code Forwarded}), but anyone can send that
 * header, so it is believed only as far as the chain of trusted proxies reaches:
 *
 * <ol>
 *   <li>If the connection's peer is not a trusted proxy, it is the client; the header is ignored.
 *   <li>Otherwise the addresses of the header (every occurrence, in order) are read from the right,
 *       the one the nearest proxy wrote first. Trusted proxies are passed over; the first address
 *       that is not trusted is the client. What lies to its left was written by the client or by
 *       proxies nobody vouches for, and is never read.
 *   <li>If every address is trusted, the leftmost is the client. An entry that is not an address (a
 *       proxy's {@code unknown} or an obfuscated identifier of RFC 7239) is the client's key as
 *       written, since only trusted proxies wrote it; an empty entry, or an element of {@code
 *       Forwarded} without {@code for=}, gives the key of the trusted proxy that wrote it.
 * </ol>
 *
 * <p>Addresses are keyed in one canonical form ({@code 2001:db8::1}, never {@code
 * 2001:0db8:0:0:0:0:0:1}; an IPv4-mapped IPv6 address as its IPv4 address), so that one client has
 * one key however a proxy writes it. An IPv6 client can change its address within the block its
 * provider gives it at will: {@linkplain Builder#ipv6PrefixLength a prefix length} such as 64 keys
 * it by that block ({@code 2001:db8:1:2::/64}).
 *
 * <pre>{@code
 * Limiter.builder()
 *     .keyFunction(ClientAddressKey.builder()
 *         .trustedProxies("10.0.0.0/8", "127.0.0.1")
 *         .ipv6PrefixLength(64)
 *         .build())
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ClientAddressKey implements KeyFunction {
  /** The header read by default: {@code X-Forwarded-For}. */
  public static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** The standard header of RFC 7239, whose {@code for=} parameters name the clients. */
  public static final String FORWARDED = "Forwarded";

  private final List<IpRange> trustedProxies;
  private final String forwardedHeader;
  private final boolean standardForwarded;
  private final int ipv6PrefixLength;

  private ClientAddressKey(Builder builder) {
    this.trustedProxies = List.copyOf(builder.trustedProxies);
    this.forwardedHeader = builder.forwardedHeader;
    this.standardForwarded = FORWARDED.equalsIgnoreCase(builder.forwardedHeader);
    this.ipv6PrefixLength = builder.ipv6PrefixLength;
  }

  /** Returns a builder: no trusted proxy, {@code X-Forwarded-For}, whole IPv6 addresses. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String key(WebRequest request) {
    String peer = request.remoteAddress();
    byte[] peerAddress = IpAddress.parse(peer);
    if (peerAddress == null) {
      // Not an IP (a unix socket, a test double): nothing to resolve or to trust.
      return peer;
    }
    if (!isTrusted(peerAddress)) {
      return keyOf(peerAddress);
    }
    List<String> values = request.headers(forwardedHeader);
    byte[] nearestTrusted = peerAddress;
    for (int v = values.size() - 1; v >= 0; v--) {
      List<String> nodes =
          standardForwarded ? forwardedFor(values.get(v)) : commaSeparated(values.get(v));
      for (int n = nodes.size() - 1; n >= 0; n--) {
        String node = nodes.get(n);
        if (node.isEmpty()) {
          // The trusted proxy that wrote an empty entry did not say whom it served.
          return keyOf(nearestTrusted);
        }
        byte[] address = IpAddress.parse(hostOf(node));
        if (address == null) {
          return node;
        }
        if (!isTrusted(address)) {
          return keyOf(address);
        }
        nearestTrusted = address;
      }
    }
    return keyOf(nearestTrusted);
  }

  /** Returns the trusted proxies in CIDR notation. */
  public List<String> trustedProxies() {
    List<String> written = new ArrayList<>(trustedProxies.size());
    for (IpRange range : trustedProxies) {
      written.add(range.toString());
    }
    return written;
  }

  /** Returns the header that names the client. */
  public String forwardedHeader() {
    return forwardedHeader;
  }

  /** Returns the number of leading bits an IPv6 client is keyed by; 128 for the whole address. */
  public int ipv6PrefixLength() {
    return ipv6PrefixLength;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("client address");
    if (!trustedProxies.isEmpty()) {
      out.append(" (").append(forwardedHeader).append(" from ").append(trustedProxies());
      out.append(')');
    }
    if (ipv6PrefixLength < 128) {
      out.append(", IPv6 by /").append(ipv6PrefixLength);
    }
    return out.toString();
  }

  private boolean isTrusted(byte[] address) {
    for (IpRange range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private String keyOf(byte[] address) {
    if (address.length == 16 && ipv6PrefixLength < 128) {
      return IpAddress.format(IpAddress.mask(address, ipv6PrefixLength)) + "/" + ipv6PrefixLength;
    }
    return IpAddress.format(address);
  }

  /** The entries of an {@code X-Forwarded-For}-style list, trimmed. */
  private static List<String> commaSeparated(String value) {
    List<String> nodes = new ArrayList<>(4);
    int start = 0;
    while (true) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      nodes.add(value.substring(start, end).trim());
      if (comma < 0) {
        return nodes;
      }
      start = comma + 1;
    }
  }

  /**
   * The {@code for=} values of a {@code Forwarded} header, one per element, unquoted; an element
   * without one gives an empty entry, which is passed over.
   */
  private static List<String> forwardedFor(String value) {
    List<String> nodes = new ArrayList<>(4);
    String found = "";
    int i = 0;
    int length = value.length();
    while (i <= length) {
      if (i == length || value.charAt(i) == ',') {
        nodes.add(found);
        found = "";
        i++;
        continue;
      }
      if (value.charAt(i) == ';' || value.charAt(i) == ' ' || value.charAt(i) == '\t') {
        i++;
        continue;
      }
      int equals = value.indexOf('=', i);
      int pairEnd = nextDelimiter(value, i);
      if (equals < 0 || equals > pairEnd) {
        i = pairEnd; // a malformed pair: skipped
        continue;
      }
      String name = value.substring(i, equals).trim().toLowerCase(Locale.ROOT);
      int valueStart = equals + 1;
      String parameter;
      if (valueStart < length && value.charAt(valueStart) == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = valueStart + 1;
        while (j < length && value.charAt(j) != '"') {
          if (value.charAt(j) == '\\' && j + 1 < length) {
            j++;
          }
          quoted.append(value.charAt(j));
          j++;
        }
        parameter = quoted.toString();
        i = Math.min(length, j + 1);
      } else {
        int end = nextDelimiter(value, valueStart);
        parameter = value.substring(valueStart, end).trim();
        i = end;
      }
      if (name.equals("for")) {
        found = parameter.trim();
      }
    }
    return nodes;
  }

  private static int nextDelimiter(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ';' || c == ',') {
        return i;
      }
    }
    return value.length();
  }

  /** The address part of a node: without brackets around IPv6, and without a port. */
  private static String hostOf(String node) {
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close < 0 ? node : node.substring(1, close);
    }
    int colon = node.indexOf(':');
    if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
      return node.substring(0, colon); // IPv4 with a port
    }
    return node;
  }

  /** Builds a {@link ClientAddressKey}; use once. */
  public static final class Builder {
    private final List<IpRange> trustedProxies = new ArrayList<>();
    private String forwardedHeader = X_FORWARDED_FOR;
    private int ipv6PrefixLength = 128;
    private boolean built;

    private Builder() {}

    /**
     * Trusts the proxies in these blocks, such as {@code 10.0.0.0/8}, {@code fd00::/8} or {@code
     * 127.0.0.1}, to name the client in the {@linkplain #forwardedHeader forwarded header}.
     *
     * @throws IllegalArgumentException naming a block that is not an address or CIDR block
     */
    public Builder trustedProxies(String... blocks) {
      return trustedProxies(List.of(Objects.requireNonNull(blocks, "blocks")));
    }

    /**
     * Trusts the proxies in these blocks.
     *
     * @throws IllegalArgumentException naming a block that is not an address or CIDR block
     * @see #trustedProxies(String...)
     */
    public Builder trustedProxies(Iterable<String> blocks) {
      Objects.requireNonNull(blocks, "blocks");
      for (String block : blocks) {
        Objects.requireNonNull(block, "trusted proxy");
        trustedProxies.add(IpRange.parse(block));
      }
      return this;
    }

    /**
     * Sets the header in which trusted proxies name the client: {@code X-Forwarded-For} (the
     * default), {@code Forwarded} (RFC 7239), or another comma-separated list of addresses such as
     * {@code X-Real-IP}. Use the one your proxy sets and overwrites; a header the proxy passes on
     * from the client unchanged lets clients choose their key.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder forwardedHeader(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the forwarded header name must not be blank");
      }
      this.forwardedHeader = name.trim();
      return this;
    }

    /**
     * Keys an IPv6 client by its first {@code bits} bits, such as 64 (one customer's network)
     * instead of the whole address (128, the default), which the client can change at will.
     *
     * @throws IllegalArgumentException unless 1 to 128
     */
    public Builder ipv6PrefixLength(int bits) {
      if (bits < 1 || bits > 128) {
        throw new IllegalArgumentException(
            "the IPv6 prefix length must be 1 to 128 but was " + bits);
      }
      this.ipv6PrefixLength = bits;
      return this;
    }

    /**
     * Returns the key function.
     *
     * @throws IllegalStateException if this builder was used already
     */
    public ClientAddressKey build() {
      if (built) {
        throw new IllegalStateException("this builder was already built");
      }
      built = true;
      return new ClientAddressKey(this);
    }
  }
}
