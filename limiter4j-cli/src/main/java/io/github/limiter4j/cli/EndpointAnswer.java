package io.github.limiter4j.cli;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer of the Actuator endpoint {@code ratelimits}, read with Jackson and checked against the
 * shape {@link io.github.limiter4j.web.Introspection} documents before the command draws anything:
 * an answer that is not that JSON (an error status, another content type, an empty body, malformed
 * JSON, JSON of another shape) is an {@link IllegalStateException} whose message is one line naming
 * the address and what was wrong.
 */
final class EndpointAnswer {
  // Jackson 3 mappers are immutable, so one serves every answer.
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final URI target;
  private final Map<String, Object> body;

  private EndpointAnswer(URI target, Map<String, Object> body) {
    this.target = target;
    this.body = body;
  }

  /**
   * Reads the answer to a request to {@code target}.
   *
   * @throws IllegalArgumentException for a 404 that carries the endpoint's own {@code error} (a
   *     filter that matches nothing), with that message
   * @param credentialsGiven whether the request carried credentials, for the message of a 401
   * @param clearing whether the request cleared a key, for the message of a 403
   * @throws IllegalStateException if the answer is not a JSON object from the endpoint
   */
  static EndpointAnswer read(
      URI target, HttpResponse<String> response, boolean credentialsGiven, boolean clearing) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    String type = response.headers().firstValue("Content-Type").orElse("");
    boolean json = isJson(type);
    // The endpoint's own 404 is {"error": "..."} alone; Spring Boot's error page has an "error"
    // too ("Not Found"), beside its status and path, when the endpoint is not there at all.
    if (status == 404
        && json
        && parse(body) instanceof Map<?, ?> map
        && map.size() == 1
        && map.get("error") instanceof String error) {
      throw new IllegalArgumentException(error);
    }
    if (status == 401) {
      throw failure(
          target,
          credentialsGiven
              ? "answered 401 Unauthorized: the credentials given were refused"
              : "answered 401 Unauthorized: the endpoint is secured; give a user and password"
                  + " (--user and --password, or "
                  + Credentials.USER
                  + " and "
                  + Credentials.PASSWORD
                  + ") or a bearer token (--token, or "
                  + Credentials.TOKEN
                  + ")");
    }
    if (status == 403) {
      throw failure(
          target,
          "answered 403 Forbidden: "
              + (credentialsGiven ? "the credentials given may not " : "anonymous users may not ")
              + (clearing ? "clear keys (a DELETE of the endpoint)" : "read the endpoint"));
    }
    if (status >= 300 && status <= 399) {
      // A secured application sends a browser to its login form; the command cannot follow.
      throw failure(
          target,
          "answered "
              + status
              + ", a redirect"
              + response
                  .headers()
                  .firstValue("Location")
                  .map(to -> " to " + Credentials.shown(to))
                  .orElse("")
              + ": is the endpoint behind a login page? The command authenticates with HTTP basic"
              + " or a bearer token only (see limiter --help)");
    }
    if (status < 200 || status > 299) {
      // A page of HTML says nothing on one line; JSON or text may say what is wrong.
      boolean telling = json || type.toLowerCase(Locale.ROOT).startsWith("text/plain");
      throw failure(
          target,
          "answered "
              + status
              + (status == 404 ? " (is the ratelimits endpoint exposed over HTTP?)" : "")
              + (telling && !body.isBlank() ? ": " + excerpt(body) : ""));
    }
    if (type.isEmpty()) {
      throw failure(target, "answered " + status + " with no Content-Type, not JSON");
    }
    if (!json) {
      throw failure(target, "answered " + status + " with " + type + ", not JSON");
    }
    if (body.isBlank()) {
      throw failure(target, "answered " + status + " with an empty body, not JSON");
    }
    Object parsed;
    try {
      parsed = JSON.readValue(body, Object.class);
    } catch (JacksonException e) {
      throw failure(target, "answered " + status + " with malformed JSON: " + problem(e));
    }
    return new EndpointAnswer(target, new Shape(target, "").object(parsed));
  }

  /**
   * Returns the configuration of a whole answer: {@code {"settings": [...]}}, checked, with the
   * limits beside it (an answer whose limits are not the endpoint's is not the endpoint's).
   */
  Map<String, Object> configuration() {
    limitsOfWhole();
    Shape root = new Shape(target, "");
    Shape shape = root.in("configuration");
    Map<String, Object> configuration = shape.object(root.member(body, "configuration"));
    Shape settings = shape.in("settings");
    List<Object> list = settings.array(shape.member(configuration, "settings"));
    for (int i = 0; i < list.size(); i++) {
      Shape setting = settings.at(i);
      Map<String, Object> map = setting.object(list.get(i));
      for (String name : List.of("section", "name", "value")) {
        setting.in(name).string(setting.member(map, name));
      }
    }
    return configuration;
  }

  /** Returns the limits of a whole answer ({@code "limits"}), checked. */
  Map<String, Object> limitsOfWhole() {
    Shape root = new Shape(target, "");
    Shape shape = root.in("limits");
    return limits(shape, shape.object(root.member(body, "limits")));
  }

  /** Returns the answer itself as limits (a key's status, what was cleared), checked. */
  Map<String, Object> limits() {
    return limits(new Shape(target, ""), body);
  }

  /** Returns the application's name, or null if the answer carries none. */
  String name() {
    return body.get("name") instanceof String name ? name : null;
  }

  private static Map<String, Object> limits(Shape shape, Map<String, Object> limits) {
    shape.in("storageAvailable").bool(shape.member(limits, "storageAvailable"));
    for (String section : List.of("meta", "application", "defaults")) {
      lines(shape, limits, section);
    }
    Shape routes = shape.in("routes");
    List<Object> list = routes.array(shape.member(limits, "routes"));
    for (int i = 0; i < list.size(); i++) {
      Shape route = routes.at(i);
      Map<String, Object> map = route.object(list.get(i));
      route.in("endpoint").string(route.member(map, "endpoint"));
      route.in("path").stringOrNull(map.get("path"));
      route.in("group").stringOrNull(map.get("group"));
      if (map.containsKey("exempt")) {
        route.in("exempt").bool(map.get("exempt"));
      }
      lines(route, map, "limits");
    }
    return limits;
  }

  /** Checks the lines {@code parent[name]}: {@code [{"limit", "method", "status"}...]}. */
  private static void lines(Shape parentShape, Map<String, Object> parent, String name) {
    Shape shape = parentShape.in(name);
    List<Object> lines = shape.array(parentShape.member(parent, name));
    for (int i = 0; i < lines.size(); i++) {
      Shape line = shape.at(i);
      Map<String, Object> map = line.object(lines.get(i));
      line.in("limit").string(line.member(map, "limit"));
      line.in("method").stringOrNull(map.get("method"));
      Object status = map.get("status");
      if (status != null) {
        Shape standing = line.in("status");
        Map<String, Object> statusMap = standing.object(status);
        standing.in("passes").bool(standing.member(statusMap, "passes"));
        standing.in("remaining").number(standing.member(statusMap, "remaining"));
        standing.in("amount").number(standing.member(statusMap, "amount"));
      }
    }
  }

  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  /** Parses an error answer's body, or returns null if it is not JSON. */
  private static Object parse(String body) {
    try {
      return body.isBlank() ? null : JSON.readValue(body, Object.class);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Jackson's message without its source excerpt, with where it happened. */
  private static String problem(JacksonException e) {
    String message = oneLine(String.valueOf(e.getOriginalMessage()));
    TokenStreamLocation at = e.getLocation();
    return at == null
        ? message
        : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String excerpt(String text) {
    String line = oneLine(text);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  static IllegalStateException failure(URI target, String what) {
    return new IllegalStateException(target + " " + what);
  }

  /** Where in the answer a value is, for the message when it is not what the endpoint writes. */
  private record Shape(URI target, String path) {
    Shape in(String name) {
      return new Shape(target, path.isEmpty() ? name : path + "." + name);
    }

    Shape at(int index) {
      return new Shape(target, path + "[" + index + "]");
    }

    /** The member {@code name} of the object at this shape; it must be there. */
    Object member(Map<String, Object> map, String name) {
      if (!map.containsKey(name)) {
        throw wrong(where() + " has no \"" + name + "\"");
      }
      return map.get(name);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(Object value) {
      if (!(value instanceof Map)) {
        throw wrong(where() + " is " + kind(value) + " where an object was expected");
      }
      return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    List<Object> array(Object value) {
      if (!(value instanceof List)) {
        throw wrong(where() + " is " + kind(value) + " where an array was expected");
      }
      return (List<Object>) value;
    }

    void string(Object value) {
      if (!(value instanceof String)) {
        throw wrong(where() + " is " + kind(value) + " where a string was expected");
      }
    }

    void stringOrNull(Object value) {
      if (value != null) {
        string(value);
      }
    }

    void bool(Object value) {
      if (!(value instanceof Boolean)) {
        throw wrong(where() + " is " + kind(value) + " where true or false was expected");
      }
    }

    void number(Object value) {
      if (!(value instanceof Number)) {
        throw wrong(where() + " is " + kind(value) + " where a number was expected");
      }
    }

    private String where() {
      return path.isEmpty() ? "the answer" : path;
    }

    private IllegalStateException wrong(String what) {
      return failure(target, "answered JSON that is not the ratelimits endpoint's: " + what);
    }

    private static String kind(Object value) {
      if (value == null) {
        return "null";
      }
      if (value instanceof Map) {
        return "an object";
      }
      if (value instanceof List) {
        return "an array";
      }
      if (value instanceof String) {
        return "a string";
      }
      if (value instanceof Number) {
        return "a number";
      }
      return value instanceof Boolean ? "a boolean" : "a " + value.getClass().getSimpleName();
    }
  }
}
