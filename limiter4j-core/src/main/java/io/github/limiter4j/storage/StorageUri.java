package io.github.limiter4j.storage;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed storage URI such as {@code redis://user:secret@host:6379/0?timeout=1s}, {@code
 * redis+cluster://a:7000,b:7001}, {@code redis+unix:///run/redis.sock} or {@code memory://}.
 *
 * <p>The form is {@code scheme://[user[:password]@][location[,location...]][/path][?options]}. A
 * location is {@code host[:port]}, with IPv6 hosts in brackets ({@code [::1]:6379}); spaces around
 * a location are ignored. As in {@link java.net.URI} and Python's {@code urllib}, the authority
 * (user part and locations) ends at the first {@code /}, {@code ?} or {@code #}, and the user part
 * at the authority's last {@code @}: user and password may hold {@code @} and {@code :} as they
 * are, but {@code /}, {@code ?} and {@code #} only percent-encoded ({@code %2F}, {@code %3F},
 * {@code %23}). An {@code @} in an option value ({@code ?client_name=a@b}) or in the path of a URI
 * without host ({@code redis+unix:///run/redis@6379/redis.sock}) is part of it; after a host
 * without user part, an {@code @} in the path or an option name is refused, as the end of a user
 * part holding an unencoded {@code /} or {@code ?} ({@code redis://default:123/abc@host}).
 * Percent-escapes are UTF-8; a {@code +} stays a {@code +}. A fragment, a malformed port,
 * unbalanced brackets, a location without host, a repeated option or a malformed escape is an
 * {@link IllegalArgumentException}. {@link #toString()} masks the password and secret options, so a
 * URI can be logged.
 */
public final class StorageUri {
  private static final String MASK = "****";
  private static final String IPV6_EXAMPLE = "; write an IPv6 host in brackets, as in [::1]:6379";
  private static final String ENCODE_DELIMITERS =
      ": if the user or password holds '/', '?' or '#', percent-encode '/' as %2F, '?' as %3F and"
          + " '#' as %23";

  private final String scheme;
  private final String username;
  private final String password;
  private final List<Location> locations;
  private final String path;
  private final Map<String, String> options;
  private final String masked;

  private StorageUri(
      String scheme,
      String username,
      String password,
      List<Location> locations,
      String path,
      Map<String, String> options,
      String masked) {
    this.scheme = scheme;
    this.username = username;
    this.password = password;
    this.locations = locations;
    this.path = path;
    this.options = options;
    this.masked = masked;
  }

  /**
   * A {@code host[:port]} part of a URI.
   *
   * @param host a host name or IP address, IPv6 without brackets
   * @param port the port, or -1 if the URI gave none
   */
  public record Location(String host, int port) {
    /** Checks the arguments. */
    public Location {
      Objects.requireNonNull(host, "host");
      if (port < -1 || port == 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 1 to 65535, or -1 for none: " + port);
      }
    }

    /** Returns true if the URI gave a port. */
    public boolean hasPort() {
      return port != -1;
    }

    /** Returns the port, or {@code defaultPort} if the URI gave none. */
    public int portOr(int defaultPort) {
      return port == -1 ? defaultPort : port;
    }

    /** Returns {@code host:port}, with an IPv6 host in brackets. */
    @Override
    public String toString() {
      String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
      return port == -1 ? h : h + ":" + port;
    }
  }

  /**
   * Parses a storage URI.
   *
   * @throws IllegalArgumentException naming the URI (password masked) and what is wrong with it
   */
  public static StorageUri parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    String text = uri.strip();
    int colon = text.indexOf(':');
    if (colon <= 0 || !text.startsWith("//", colon + 1)) {
      throw invalid(
          maskBeforeLastAt(text),
          "expected <scheme>://..., such as memory:// or redis://localhost:6379");
    }
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!isValidScheme(scheme)) {
      throw invalid(maskBeforeLastAt(text), "\"" + scheme + "\" is not a valid scheme");
    }
    String rest = text.substring(colon + 3);

    // As in java.net.URI and Python's urllib: the authority ends at the first '/', '?' or '#',
    // and only there can a user part be, up to the authority's last '@'. An '@' further on is
    // part of the path or an option (client_name=a@b), never a user.
    int authorityEnd = indexOfAny(rest, "/?#", 0);
    String authority = rest.substring(0, authorityEnd);
    int fragmentStart = rest.indexOf('#', authorityEnd);
    int resourceEnd = fragmentStart < 0 ? rest.length() : fragmentStart;
    int queryStart = rest.indexOf('?', authorityEnd);
    if (queryStart > resourceEnd) {
      queryStart = -1;
    }
    String rawPath = rest.substring(authorityEnd, queryStart < 0 ? resourceEnd : queryStart);
    String rawQuery = queryStart < 0 ? "" : rest.substring(queryStart + 1, resourceEnd);
    // An '@' after the authority may be the end of a user part holding an unencoded '/', '?' or
    // '#': then what the authority seems to hold (host, port) may be a piece of the password.
    boolean atAfterAuthority = rest.indexOf('@', authorityEnd) >= 0;

    int at = authority.lastIndexOf('@');
    String hostPart = authority.substring(at + 1);
    String rawUser = null;
    String rawPassword = null;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int separator = userInfo.indexOf(':');
      rawUser = separator >= 0 ? userInfo.substring(0, separator) : userInfo;
      rawPassword = separator >= 0 ? userInfo.substring(separator + 1) : null;
    }
    String display =
        scheme
            + "://"
            + (at < 0 ? "" : rawUser + (rawPassword != null ? ":" + MASK : "") + "@")
            + hostPart
            + rawPath
            + maskQuery(rawQuery)
            + (fragmentStart < 0 ? "" : "#...");

    // A host part that parses proves nothing: in redis://default:123/abc@host the user part ran
    // on past an unencoded '/', and "default:123" reads as host and port. A path or an option
    // name never holds an '@' after a host (a unix socket path has no host, an option value may),
    // so such an '@' ends a user part, and whatever stands before it may be the password.
    if (at < 0
        && !authority.isEmpty()
        && (rawPath.indexOf('@') >= 0 || optionNameHoldsAt(rawQuery))) {
      throw invalid(
          maskBeforeLastAt(scheme, rest),
          "an '@' follows its host part, as if it ended a user part" + ENCODE_DELIMITERS);
    }
    String username =
        rawUser == null || rawUser.isEmpty() ? null : decode(rawUser, "the user", false, display);
    String password =
        rawPassword == null || rawPassword.isEmpty()
            ? null
            : decode(rawPassword, "the password", true, display);
    List<Location> locations;
    try {
      locations = parseLocations(hostPart, display);
    } catch (IllegalArgumentException e) {
      if (atAfterAuthority) {
        throw invalid(
            maskBeforeLastAt(scheme, rest),
            "its host part does not parse, and an '@' follows it" + ENCODE_DELIMITERS);
      }
      throw e;
    }
    if (fragmentStart >= 0) {
      throw atAfterAuthority
          ? invalid(
              maskBeforeLastAt(scheme, rest), "a storage URI has no fragment" + ENCODE_DELIMITERS)
          : invalid(display, "a storage URI has no fragment (#...); percent-encode '#' as %23");
    }
    String path = decode(rawPath, "the path", false, display);
    Map<String, String> options = parseOptions(rawQuery, display);

    return new StorageUri(
        scheme,
        username,
        password,
        locations,
        path,
        Collections.unmodifiableMap(options),
        masked(scheme, username, password, hostPart + rawPath, options));
  }

  /** The URI written back, with the password and secret options masked. */
  private static String masked(
      String scheme,
      String username,
      String password,
      String locationsAndPath,
      Map<String, String> options) {
    StringBuilder masked = new StringBuilder(scheme).append("://");
    if (username != null || password != null) {
      if (username != null) {
        masked.append(encode(username));
      }
      if (password != null) {
        masked.append(':').append(MASK);
      }
      masked.append('@');
    }
    masked.append(locationsAndPath);
    char separator = '?';
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getKey();
      masked.append(separator).append(encode(name)).append('=');
      masked.append(isSecretOption(name) ? MASK : encode(option.getValue()));
      separator = '&';
    }
    return masked.toString();
  }

  /** Returns the scheme in lower case, such as {@code redis+cluster}. */
  public String scheme() {
    return scheme;
  }

  /** Returns the user name, decoded. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** Returns the password, decoded. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** Returns the locations in the order written; empty for URIs without hosts. */
  public List<Location> locations() {
    return locations;
  }

  /**
   * Returns the decoded path with its leading slash ({@code /0}, {@code /run/redis.sock}), or the
   * empty string.
   */
  public String path() {
    return path;
  }

  /** Returns the options of the query part, decoded, in the order written. */
  public Map<String, String> options() {
    return options;
  }

  /** Returns true if {@code name} looks like an option holding a secret (password, token...). */
  public static boolean isSecretOption(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("token")
        || lower.contains("credential");
  }

  /**
   * Returns the exception a storage throws for a problem with this URI or its options: {@code
   * Invalid storage URI "<uri, password masked>": <problem>}.
   */
  public IllegalArgumentException invalid(String problem) {
    return invalid(masked, problem);
  }

  /** Returns the URI with the password and secret options replaced by {@code ****}. */
  @Override
  public String toString() {
    return masked;
  }

  /** URIs are equal when their parts are. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof StorageUri)) {
      return false;
    }
    StorageUri that = (StorageUri) other;
    return scheme.equals(that.scheme)
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password)
        && locations.equals(that.locations)
        && path.equals(that.path)
        && options.equals(that.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, username, password, locations, path, options);
  }

  private static List<Location> parseLocations(String hostPart, String display) {
    if (hostPart.isEmpty()) {
      return List.of();
    }
    String[] parts = hostPart.split(",", -1);
    List<Location> locations = new ArrayList<>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      // Spaces around a location are allowed, as limits allows "a:1, b:2".
      String part = parts[i].strip();
      if (part.isEmpty()) {
        throw invalid(
            display,
            "location "
                + (i + 1)
                + " of \""
                + hostPart
                + "\" is empty; separate hosts with single commas");
      }
      locations.add(parseLocation(part, display));
    }
    return List.copyOf(locations);
  }

  private static Location parseLocation(String part, String display) {
    int opening = count(part, '[');
    if (opening != count(part, ']')) {
      throw invalid(display, "unbalanced brackets in \"" + part + "\"" + IPV6_EXAMPLE);
    }
    String host;
    String portText = null;
    if (opening > 0) {
      int close = part.indexOf(']');
      if (opening > 1 || !part.startsWith("[")) {
        throw invalid(
            display, "the brackets in \"" + part + "\" must hold the whole host" + IPV6_EXAMPLE);
      }
      host = part.substring(1, close);
      String after = part.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid(
              display,
              "unexpected \"" + after + "\" after \"" + part.substring(0, close + 1) + "\"");
        }
        portText = after.substring(1);
      }
      if (!host.isEmpty()) {
        // RFC 6874 writes a zone as %25; the host keeps the zone as the JDK reads it.
        host = host.replace("%25", "%");
        int zone = host.indexOf('%');
        if (!isIpv6Address(zone < 0 ? host : host.substring(0, zone))
            || zone == host.length() - 1) {
          throw invalid(display, "\"" + host + "\" in brackets is not an IPv6 address");
        }
      }
    } else {
      int colon = part.indexOf(':');
      if (colon >= 0 && part.indexOf(':', colon + 1) >= 0) {
        throw invalid(display, "\"" + part + "\" has several ':'" + IPV6_EXAMPLE);
      }
      host = colon >= 0 ? part.substring(0, colon) : part;
      portText = colon >= 0 ? part.substring(colon + 1) : null;
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        if (!isHostChar(c)) {
          throw invalid(display, "the host \"" + host + "\" cannot hold '" + c + "'");
        }
      }
    }
    if (host.isEmpty()) {
      throw invalid(display, "the location \"" + part + "\" has no host");
    }
    if (portText == null) {
      return new Location(host, -1);
    }
    return new Location(host, parsePort(portText, part, display));
  }

  private static int parsePort(String portText, String part, String display) {
    if (portText.isEmpty()) {
      throw invalid(display, "the location \"" + part + "\" has no port after ':'");
    }
    for (int i = 0; i < portText.length(); i++) {
      char c = portText.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(display, "port \"" + portText + "\" of \"" + part + "\" is not a number");
      }
    }
    // Six digits or more are out of range whatever they are, and need not fit an int.
    int port = portText.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(portText);
    if (port < 1 || port > 65_535) {
      throw invalid(
          display, "port " + portText + " of \"" + part + "\" is not between 1 and 65535");
    }
    return port;
  }

  /** An IPv6 address without zone: eight groups, "::" for a run of zeros, IPv4 at the end. */
  private static boolean isIpv6Address(String text) {
    String[] halves = text.split("::", -1);
    if (halves.length > 2) {
      return false;
    }
    int groups = 0;
    for (int h = 0; h < halves.length; h++) {
      if (halves[h].isEmpty()) {
        continue;
      }
      String[] parts = halves[h].split(":", -1);
      for (int i = 0; i < parts.length; i++) {
        boolean last = h == halves.length - 1 && i == parts.length - 1;
        if (last && parts[i].indexOf('.') >= 0) {
          if (!isIpv4Address(parts[i])) {
            return false;
          }
          groups += 2;
        } else if (isHexGroup(parts[i])) {
          groups++;
        } else {
          return false;
        }
      }
    }
    return halves.length == 2 ? groups <= 7 : groups == 8;
  }

  private static boolean isHexGroup(String group) {
    if (group.isEmpty() || group.length() > 4) {
      return false;
    }
    for (int i = 0; i < group.length(); i++) {
      if (Character.digit(group.charAt(i), 16) < 0 || group.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv4Address(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) < '0' || part.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** A character of a host name (RFC 3986's reg-name without '%'), or a letter of an IDN. */
  private static boolean isHostChar(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~!$&'()*+;=".indexOf(c) >= 0;
    }
    return Character.isLetterOrDigit(c);
  }

  private static Map<String, String> parseOptions(String rawQuery, String display) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return options;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          decode(eq >= 0 ? pair.substring(0, eq) : pair, "an option name", false, display);
      if (name.isEmpty()) {
        throw invalid(display, "an option has no name");
      }
      String value =
          eq >= 0
              ? decode(
                  pair.substring(eq + 1),
                  "the value of option \"" + name + "\"",
                  isSecretOption(name),
                  display)
              : "";
      if (options.putIfAbsent(name, value) != null) {
        throw invalid(display, "option \"" + name + "\" is given twice");
      }
    }
    return options;
  }

  /** Returns {@code ?query} as written, the values of secret options replaced by the mask. */
  private static String maskQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    StringBuilder masked = new StringBuilder();
    for (String pair : rawQuery.split("&", -1)) {
      masked.append(masked.length() == 0 ? '?' : '&');
      int eq = pair.indexOf('=');
      String name = eq >= 0 ? pair.substring(0, eq) : pair;
      try {
        name = decode(name, "", false, "");
      } catch (IllegalArgumentException e) {
        // shown as written; the error about it comes later
      }
      masked.append(eq >= 0 && isSecretOption(name) ? pair.substring(0, eq + 1) + MASK : pair);
    }
    return masked.toString();
  }

  /** Returns true if an option name of {@code rawQuery} (before its '=') holds an '@'. */
  private static boolean optionNameHoldsAt(String rawQuery) {
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      if ((eq >= 0 ? pair.substring(0, eq) : pair).indexOf('@') >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isValidScheme(String scheme) {
    if (scheme.isEmpty() || !Character.isLetter(scheme.charAt(0))) {
      return false;
    }
    for (int i = 0; i < scheme.length(); i++) {
      char c = scheme.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes percent-escapes as UTF-8, reporting a malformed one with {@code subject} (the escape is
   * shown unless {@code secret}). A '+' stays a '+': this is not a form.
   */
  private static String decode(String text, String subject, boolean secret, String display) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder decoded = new StringBuilder(text.length());
    ByteBuffer bytes = ByteBuffer.allocate(text.length() / 3);
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '%') {
        decoded.append(text.charAt(i++));
        continue;
      }
      int runStart = i;
      bytes.clear();
      while (i < text.length() && text.charAt(i) == '%') {
        int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0 || text.charAt(i + 1) > 'f' || text.charAt(i + 2) > 'f') {
          throw badEscape(
              subject, secret, text.substring(i, Math.min(i + 3, text.length())), "", display);
        }
        bytes.put((byte) (high << 4 | low));
        i += 3;
      }
      bytes.flip();
      try {
        decoded.append(utf8.reset().decode(bytes));
      } catch (CharacterCodingException e) {
        throw badEscape(subject, secret, text.substring(runStart, i), " (not UTF-8)", display);
      }
    }
    return decoded.toString();
  }

  private static IllegalArgumentException badEscape(
      String subject, boolean secret, String escape, String why, String display) {
    return invalid(
        display,
        subject
            + " has a malformed percent-escape"
            + (secret ? "" : " \"" + escape + "\"" + why)
            + "; write a '%' as %25");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String maskBeforeLastAt(String text) {
    int at = text.lastIndexOf('@');
    return at < 0 ? text : MASK + text.substring(at);
  }

  /**
   * Returns {@code scheme://****@} and what follows the last '@', for a URI whose user part may run
   * past the authority: whatever stands before that '@' may be a piece of the password.
   */
  private static String maskBeforeLastAt(String scheme, String rest) {
    String tail = rest.substring(rest.lastIndexOf('@') + 1);
    int fragment = tail.indexOf('#');
    String beforeFragment = fragment < 0 ? tail : tail.substring(0, fragment);
    int query = beforeFragment.indexOf('?');
    return scheme
        + "://"
        + MASK
        + "@"
        + (query < 0 ? beforeFragment : beforeFragment.substring(0, query))
        + (query < 0 ? "" : maskQuery(beforeFragment.substring(query + 1)))
        + (fragment < 0 ? "" : "#...");
  }

  private static int indexOfAny(String text, String chars, int from) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  private static int count(String text, char c) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        count++;
      }
    }
    return count;
  }

  private static IllegalArgumentException invalid(String display, String problem) {
    return new IllegalArgumentException("Invalid storage URI \"" + display + "\": " + problem);
  }
}
