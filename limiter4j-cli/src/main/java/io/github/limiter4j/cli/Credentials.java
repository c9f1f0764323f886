package io.github.limiter4j.cli;

import io.github.limiter4j.storage.StorageUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the command authenticates to a secured Actuator endpoint: a bearer token, or a user and
 * password (HTTP basic), each from an option, the URL's user part or an environment variable; and
 * the secrets to mask in everything the command prints.
 */
final class Credentials {
  static final String USER = "LIMITER_USER";
  static final String PASSWORD = "LIMITER_PASSWORD";
  static final String TOKEN = "LIMITER_TOKEN";
  private static final String MASK = "****";
  private static final List<String> COMMANDS = List.of("config", "limits", "clear");
  // A secret this short is no secret to mask: masking it would garble every message.
  private static final int SHORTEST_MASKED = 3;

  private final String authorization;
  private final List<String> secrets;

  private Credentials(String authorization, List<String> secrets) {
    this.authorization = authorization;
    this.secrets = secrets;
  }

  /** No credentials: nothing to send, nothing to mask but what the arguments hold. */
  static Credentials none(List<String> secrets) {
    return new Credentials(null, List.copyOf(secrets));
  }

  /**
   * The credentials the options, the URL and the environment give. The kind (a bearer token, or a
   * user and password) comes from the highest of these levels that gives any credential: options,
   * then the URL's user part, then the environment; a lower level only fills in the password of the
   * same user.
   *
   * @throws IllegalArgumentException if one level gives both a token and a user or password, or a
   *     password comes without a user
   */
  static Credentials of(
      URI url, String user, String password, String token, Map<String, String> env) {
    String urlUser = null;
    String urlPassword = null;
    String info = url.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      urlUser = decode(colon < 0 ? info : info.substring(0, colon));
      urlPassword = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String envUser = env.get(USER);
    String envPassword = env.get(PASSWORD);
    String envToken = env.get(TOKEN);
    List<String> secrets = new ArrayList<>();
    for (String secret : new String[] {password, token, urlPassword, envPassword, envToken}) {
      if (secret != null && !secret.isEmpty()) {
        secrets.add(secret);
      }
    }
    if (token != null || user != null || password != null) {
      if (token != null && (user != null || password != null)) {
        throw bothKinds("--token", "--user and --password");
      }
      if (token != null) {
        return bearer(token, secrets);
      }
      String theUser = first(user, urlUser, envUser);
      if (theUser == null) {
        throw new IllegalArgumentException(
            "a password needs a user: give --user (or " + USER + ") with it");
      }
      return basic(
          theUser,
          first(
              password,
              theUser.equals(urlUser) ? urlPassword : null,
              envUser == null || theUser.equals(envUser) ? envPassword : null),
          secrets);
    }
    if (urlUser != null) {
      return basic(
          urlUser,
          first(urlPassword, envUser == null || urlUser.equals(envUser) ? envPassword : null),
          secrets);
    }
    if (envToken != null && (envUser != null || envPassword != null)) {
      throw bothKinds(TOKEN, USER + " and " + PASSWORD);
    }
    if (envToken != null) {
      return bearer(envToken, secrets);
    }
    if (envUser != null) {
      return basic(envUser, envPassword, secrets);
    }
    if (envPassword != null) {
      throw new IllegalArgumentException(
          "a password needs a user: give --user (or " + USER + ") with " + PASSWORD);
    }
    return new Credentials(null, List.copyOf(secrets));
  }

  private static IllegalArgumentException bothKinds(String token, String userAndPassword) {
    return new IllegalArgumentException(
        "give either a bearer token ("
            + token
            + ") or a user and password ("
            + userAndPassword
            + "), not both");
  }

  private static Credentials bearer(String token, List<String> secrets) {
    return new Credentials("Bearer " + token, List.copyOf(secrets));
  }

  private static Credentials basic(String user, String password, List<String> secrets) {
    String pair = user + ":" + (password == null ? "" : password);
    return new Credentials(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
        List.copyOf(secrets));
  }

  /** Returns these credentials masking the secrets of {@code other} too. */
  Credentials plus(Credentials other) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(other.secrets);
    return new Credentials(authorization, List.copyOf(all));
  }

  /** Returns the value of the Authorization header to send, if any. */
  Optional<String> authorization() {
    return Optional.ofNullable(authorization);
  }

  /** Returns true if credentials are sent. */
  boolean given() {
    return authorization != null;
  }

  /**
   * Returns {@code text} with every secret of these credentials replaced by {@code ****}, the
   * longest first (so that a secret holding a shorter one is masked whole). A secret shorter than
   * three characters is masked only where it stands as a URL's password ({@code ://user:ab@}) or as
   * the value of an Authorization header ({@code Bearer ab}): elsewhere masking it would garble
   * every message.
   */
  String mask(String text) {
    List<String> longestFirst = new ArrayList<>(secrets);
    longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
    String masked = text;
    for (String secret : longestFirst) {
      if (secret.length() >= SHORTEST_MASKED) {
        masked = masked.replace(secret, MASK);
      } else {
        String quoted = java.util.regex.Pattern.quote(secret);
        masked =
            masked
                .replaceAll("(://[^/?#@\\s:]*:)" + quoted + "@", "$1" + MASK + "@")
                .replaceAll("(?i)((?:bearer|basic) )" + quoted + "(?=$|[\\s,;\"'])", "$1" + MASK);
      }
    }
    return masked;
  }

  /** Returns {@code url} without its user part, which goes in the Authorization header instead. */
  static URI withoutUser(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(
          url.getScheme(),
          null,
          url.getHost(),
          url.getPort(),
          url.getRawPath() == null ? null : url.getPath(),
          url.getQuery(),
          url.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the URL " + shown(url.toString()) + " is not valid: " + e.getReason(), e);
    }
  }

  /** Returns a URL as the command shows it: its password masked, as storage URIs are. */
  static String shown(String url) {
    try {
      return StorageUri.parse(url).toString();
    } catch (IllegalArgumentException e) {
      int at = url.lastIndexOf('@');
      int start = url.indexOf("://");
      return at < 0 || start < 0 || at < start
          ? url
          : url.substring(0, start + 3) + MASK + url.substring(at);
    }
  }

  /**
   * The secrets the raw arguments hold, before picocli reads them, so that an error about them (a
   * mistyped option, a malformed URL) does not echo them: the values of options whose names say
   * secret, and the password of any URL.
   */
  static List<String> inArguments(String[] args, Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    for (String name : new String[] {PASSWORD, TOKEN}) {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) {
        secrets.add(value);
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      boolean secretName = name.startsWith("-") && isSecretName(name);
      if (secretName && eq > 0) {
        secrets.add(arg.substring(eq + 1));
      } else if (secretName
          && i + 1 < args.length
          && !args[i + 1].startsWith("-")
          && !COMMANDS.contains(args[i + 1])) {
        // (--password alone asks for the password: a command after it is no password)
        secrets.add(args[i + 1]);
      }
      int scheme = arg.indexOf("://");
      int at = arg.lastIndexOf('@');
      if (scheme >= 0 && at > scheme) {
        String info = arg.substring(scheme + 3, at);
        int colon = info.indexOf(':');
        if (colon >= 0 && colon + 1 < info.length()) {
          secrets.add(info.substring(colon + 1));
          secrets.add(decode(info.substring(colon + 1)));
        }
      }
    }
    secrets.removeIf(String::isEmpty);
    return secrets;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Option names that say their value is secret, mistyped ones ({@code --passwrd}) too. */
  private static boolean isSecretName(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("pass")
        || lower.contains("secret")
        || lower.contains("tok")
        || lower.contains("credential");
  }
}
