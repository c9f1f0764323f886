package io.github.limiter4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The path a {@link ServletWebRequest} gives the limiter, beside what the containers test. */
class ServletWebRequestTest {
  /** A request answering only the getters named in {@code values}; null for the others. */
  private static HttpServletRequest request(Map<String, String> values) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> values.get(method.getName()));
  }

  @Test
  void thePathIsTheServletPathAndPathInfoWithoutTheContextPathOrTheRawUri() {
    HttpServletRequest request =
        request(
            Map.of(
                "getMethod", "get",
                "getContextPath", "/app",
                "getRequestURI", "/app/api;v=1/%6Cogin",
                "getServletPath", "/api",
                "getPathInfo", "/login"));
    assertThat(new ServletWebRequest(request).path()).isEqualTo("/api/login");
  }

  @Test
  void aServletMappedByItsWholePathHasNoPathInfo() {
    HttpServletRequest request =
        request(
            Map.of("getMethod", "GET", "getRequestURI", "/./login", "getServletPath", "/login"));
    assertThat(new ServletWebRequest(request).path()).isEqualTo("/login");
  }

  @Test
  void theRootOfTheApplicationIsASlash() {
    HttpServletRequest request =
        request(
            Map.of(
                "getMethod", "GET",
                "getContextPath", "/app",
                "getRequestURI", "/app",
                "getServletPath", ""));
    assertThat(new ServletWebRequest(request).path()).isEqualTo("/");
  }
}
