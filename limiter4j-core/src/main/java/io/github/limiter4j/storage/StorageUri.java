package io.github.limiter4j.storage;

import java.net.URLDecoder;
import java.net.URLEncoder;
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
 * location is {@code host[:port]}, with IPv6 hosts in brackets ({@code [::1]:6379}). User and
 * password may contain {@code @}, {@code :} and {@code /} as they are (everything before the last
 * {@code @} is the user part) or percent-encoded. {@link #toString()} masks the password and secret
 * options, so a URI can be logged.
 */
public final class StorageUri {
  private static final String MASK = "****";

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
    int schemeEnd = text.indexOf("://");
    if (schemeEnd <= 0) {
      throw invalid(
          maskBeforeLastAt(text),
          "expected <scheme>://..., such as memory:// or redis://localhost:6379");
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!isValidScheme(scheme)) {
      throw invalid(maskBeforeLastAt(text), "\"" + scheme + "\" is not a valid scheme");
    }
    String rest = text.substring(schemeEnd + 3);

    String username = null;
    String password = null;
    int hostStart = 0;
    if (!rest.startsWith("/")) {
      int at = rest.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = rest.substring(0, at);
        int colon = userInfo.indexOf(':');
        String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        String rawPassword = colon >= 0 ? userInfo.substring(colon + 1) : "";
        String display = scheme + "://" + rawUser + (colon >= 0 ? ":" + MASK : "") + "@";
        username = rawUser.isEmpty() ? null : decode(rawUser, display + rest.substring(at + 1));
        password =
            rawPassword.isEmpty() ? null : decode(rawPassword, display + rest.substring(at + 1));
        hostStart = at + 1;
      }
    }
    int hostEnd = hostStart;
    while (hostEnd < rest.length() && rest.charAt(hostEnd) != '/' && rest.charAt(hostEnd) != '?') {
      hostEnd++;
    }
    String hostPart = rest.substring(hostStart, hostEnd);
    int queryStart = rest.indexOf('?', hostEnd);
    String rawPath = rest.substring(hostEnd, queryStart < 0 ? rest.length() : queryStart);
    String rawQuery = queryStart < 0 ? "" : rest.substring(queryStart + 1);

    StringBuilder maskedText = new StringBuilder(scheme).append("://");
    if (username != null || password != null) {
      if (username != null) {
        maskedText.append(encode(username));
      }
      if (password != null) {
        maskedText.append(':').append(MASK);
      }
      maskedText.append('@');
    }
    maskedText.append(hostPart).append(rawPath);
    String maskedSoFar = maskedText.toString();

    List<Location> locations = parseLocations(hostPart, maskedSoFar + rawQueryForErrors(rawQuery));
    String path = decode(rawPath, maskedSoFar);
    Map<String, String> options = parseOptions(rawQuery, maskedSoFar);
    if (!options.isEmpty()) {
      StringBuilder query = new StringBuilder();
      options.forEach(
          (name, value) ->
              query
                  .append(query.length() == 0 ? '?' : '&')
                  .append(encode(name))
                  .append('=')
                  .append(isSecretOption(name) ? MASK : encode(value)));
      maskedText.append(query);
    }
    return new StorageUri(
        scheme,
        username,
        password,
        locations,
        path,
        Collections.unmodifiableMap(options),
        maskedText.toString());
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
  static boolean isSecretOption(String name) {
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
    List<Location> locations = new ArrayList<>();
    for (String part : hostPart.split(",", -1)) {
      locations.add(parseLocation(part, display));
    }
    return List.copyOf(locations);
  }

  private static Location parseLocation(String part, String display) {
    if (part.isEmpty()) {
      throw invalid(display, "it has an empty location; separate hosts with single commas");
    }
    String host;
    String portText = null;
    if (part.startsWith("[")) {
      int close = part.indexOf(']');
      if (close < 0) {
        throw invalid(display, "the IPv6 address in \"" + part + "\" has no closing ']'");
      }
      host = part.substring(1, close);
      String after = part.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid(display, "unexpected \"" + after + "\" after the IPv6 address");
        }
        portText = after.substring(1);
      }
    } else {
      int colon = part.indexOf(':');
      if (colon >= 0 && part.indexOf(':', colon + 1) >= 0) {
        throw invalid(
            display, "\"" + part + "\" has several ':'; write IPv6 addresses in brackets");
      }
      host = colon >= 0 ? part.substring(0, colon) : part;
      portText = colon >= 0 ? part.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw invalid(display, "missing host or port in \"" + part + "\"");
    }
    if (portText == null) {
      return new Location(host, -1);
    }
    if (portText.isEmpty()) {
      throw invalid(display, "missing host or port in \"" + part + "\"");
    }
    for (int i = 0; i < portText.length(); i++) {
      if (!Character.isDigit(portText.charAt(i))) {
        throw invalid(display, "port \"" + portText + "\" is not a number");
      }
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = Integer.MAX_VALUE;
    }
    if (port < 1 || port > 65_535) {
      throw invalid(display, "port " + portText + " is not between 1 and 65535");
    }
    return new Location(host, port);
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
      String name = decode(eq >= 0 ? pair.substring(0, eq) : pair, display);
      String value = eq >= 0 ? decode(pair.substring(eq + 1), display) : "";
      if (name.isEmpty()) {
        throw invalid(display, "an option has no name");
      }
      if (options.putIfAbsent(name, value) != null) {
        throw invalid(display, "option \"" + name + "\" is given twice");
      }
    }
    return options;
  }

  private static String rawQueryForErrors(String rawQuery) {
    return rawQuery.isEmpty() ? "" : "?...";
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

  private static String decode(String text, String display) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(display, "it has a malformed percent-encoding");
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String maskBeforeLastAt(String text) {
    int at = text.lastIndexOf('@');
    return at < 0 ? text : MASK + text.substring(at);
  }

  private static IllegalArgumentException invalid(String display, String problem) {
    return new IllegalArgumentException("Invalid storage URI \"" + display + "\": " + problem);
  }
}
