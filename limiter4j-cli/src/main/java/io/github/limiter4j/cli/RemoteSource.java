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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A running application's Actuator endpoint {@code ratelimits}, over HTTP. */
final class RemoteSource implements LimiterSource {
  private final URI url;
  // The address as messages show it: with its user, the password masked.
  private final String shown;
  private final Credentials credentials;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RemoteSource(URI url, Credentials credentials) {
    this.credentials = credentials;
    // The user part goes in the Authorization header: HttpClient would not send it.
    String text = Credentials.withoutUser(url).toString();
    this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.shown = Credentials.shown(url.toString());
  }

  @Override
  public Map<String, Object> configuration() {
    EndpointAnswer answer = send("GET", url);
    return named(answer, answer.configuration());
  }

  @Override
  public Map<String, Object> limits(LimitsQuery query) {
    if (query.key().isEmpty()) {
      EndpointAnswer answer = send("GET", withQuery(url, query));
      return named(answer, answer.limitsOfWhole());
    }
    EndpointAnswer answer = send("GET", withQuery(keyed(query), query));
    return named(answer, answer.limits());
  }

  @Override
  public Map<String, Object> clear(LimitsQuery query) {
    EndpointAnswer answer = send("DELETE", withQuery(keyed(query), query));
    return named(answer, answer.limits());
  }

  /** The part of an answer the command draws, with the application's name beside it. */
  private static Map<String, Object> named(EndpointAnswer answer, Map<String, Object> part) {
    Map<String, Object> result = new LinkedHashMap<>(part);
    if (answer.name() != null) {
      result.put("name", answer.name());
    }
    return result;
  }

  private URI keyed(LimitsQuery query) {
    return URI.create(
        url
            + "/"
            + URLEncoder.encode(query.key().orElseThrow(), StandardCharsets.UTF_8)
                .replace("+", "%20"));
  }

  private static URI withQuery(URI base, LimitsQuery query) {
    List<String> parameters = new ArrayList<>();
    query.endpoint().ifPresent(value -> add(parameters, "endpoint", value));
    query.path().ifPresent(value -> add(parameters, "path", value));
    query.method().ifPresent(value -> add(parameters, "method", value));
    return parameters.isEmpty() ? base : URI.create(base + "?" + String.join("&", parameters));
  }

  private static void add(List<String> parameters, String name, String value) {
    parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private EndpointAnswer send(String method, URI target) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(target)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30));
    credentials.authorization().ifPresent(value -> builder.header("Authorization", value));
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new UncheckedIOException(new IOException("cannot connect to " + shown, e));
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("cannot reach " + shown + ": " + credentials.mask(e.toString()), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return EndpointAnswer.read(target, response, credentials.given(), method.equals("DELETE"));
  }
}
