package io.github.limiter4j.cli;

import io.github.limiter4j.web.LimitsQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A running application's Actuator endpoint {@code ratelimits}, over HTTP. */
final class RemoteSource implements LimiterSource {
  private final URI url;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RemoteSource(URI url) {
    String text = url.toString();
    this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  @Override
  public Map<String, Object> configuration() {
    return object(send("GET", url, null), "configuration");
  }

  @Override
  public Map<String, Object> limits(LimitsQuery query) {
    if (query.key() == null) {
      return object(send("GET", withQuery(url, query), null), "limits");
    }
    return send("GET", withQuery(keyed(query), query), null);
  }

  @Override
  public Map<String, Object> clear(LimitsQuery query) {
    return send("DELETE", withQuery(keyed(query), query), null);
  }

  private URI keyed(LimitsQuery query) {
    return URI.create(
        url + "/" + URLEncoder.encode(query.key(), StandardCharsets.UTF_8).replace("+", "%20"));
  }

  private static URI withQuery(URI base, LimitsQuery query) {
    List<String> parameters = new ArrayList<>();
    add(parameters, "endpoint", query.endpoint());
    add(parameters, "path", query.path());
    add(parameters, "method", query.method());
    return parameters.isEmpty() ? base : URI.create(base + "?" + String.join("&", parameters));
  }

  private static void add(List<String> parameters, String name, String value) {
    if (value != null) {
      parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> map, String name) {
    Object value = map.get(name);
    if (!(value instanceof Map)) {
      throw new IllegalStateException("the endpoint's answer has no \"" + name + "\": " + map);
    }
    Map<String, Object> result = new java.util.LinkedHashMap<>((Map<String, Object>) value);
    if (map.get("name") != null) {
      result.put("name", map.get("name"));
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> send(String method, URI target, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new UncheckedIOException(new IOException("cannot connect to " + url, e));
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("cannot reach " + url + ": " + e, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Object parsed;
    try {
      parsed = response.body().isBlank() ? Map.of() : Json.parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          url
              + " answered "
              + response.statusCode()
              + " with no JSON: "
              + abbreviate(response.body()));
    }
    if (response.statusCode() == 404
        && parsed instanceof Map
        && ((Map<?, ?>) parsed).get("error") != null) {
      throw new IllegalArgumentException(String.valueOf(((Map<?, ?>) parsed).get("error")));
    }
    if (response.statusCode() >= 400 || !(parsed instanceof Map)) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    return (Map<String, Object>) parsed;
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
