package io.github.limiter4j.spring.boot;

import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.KeyFunction;
import io.github.limiter4j.web.WebRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * One call of a limited bean method as the limiter sees it: a {@link WebRequest} that answers with
 * the request the call happens in (its headers, address, parameters), or with nothing outside a
 * request, and that carries the call for the method's SpEL expressions.
 */
final class MethodCall implements WebRequest {
  /**
   * The key of a method limit that has no key of its own, or whose key is empty for a call: every
   * such call of the method is counted together, whoever makes it.
   */
  static final String SHARED_KEY = "all-calls";

  /** The key function of a method limit without a key. */
  static final KeyFunction SHARED =
      new KeyFunction() {
        @Override
        public String key(WebRequest request) {
          return SHARED_KEY;
        }

        @Override
        public String toString() {
          return SHARED_KEY;
        }
      };

  private final Method method;
  private final Object[] arguments;
  private final MethodSpelRoot root;
  private final WebRequest request;

  private MethodCall(Method method, Object[] arguments, Object target, WebRequest request) {
    this.method = method;
    this.arguments = arguments;
    this.request = request;
    this.root =
        new MethodSpelRoot(
            Collections.unmodifiableList(Arrays.asList(arguments.clone())),
            method,
            target,
            request,
            request == null ? null : request.unwrap(HttpServletRequest.class).orElse(null));
  }

  /** The call of {@code method} on {@code target}, in the current request if there is one. */
  static MethodCall of(Method method, Object[] arguments, Object target) {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    WebRequest request =
        attributes instanceof ServletRequestAttributes servlet
            ? new ServletWebRequest(servlet.getRequest())
            : null;
    return new MethodCall(method, arguments, target, request);
  }

  /** Returns {@code key}, or the shared key where it gives no key for a call. */
  static KeyFunction orShared(KeyFunction key) {
    return new KeyFunction() {
      @Override
      public String key(WebRequest request) {
        String value = key.key(request);
        return value == null || value.isEmpty() ? SHARED_KEY : value;
      }

      @Override
      public String toString() {
        return key.toString();
      }
    };
  }

  Method invoked() {
    return method;
  }

  Object[] arguments() {
    return arguments;
  }

  MethodSpelRoot root() {
    return root;
  }

  /** Returns the request's method, or an empty string outside a request. */
  @Override
  public String method() {
    return request == null ? "" : request.method();
  }

  @Override
  public String path() {
    return request == null ? "" : request.path();
  }

  @Override
  public String remoteAddress() {
    return request == null ? null : request.remoteAddress();
  }

  @Override
  public String header(String name) {
    return request == null ? null : request.header(name);
  }

  @Override
  public List<String> headers(String name) {
    return request == null ? List.of() : request.headers(name);
  }

  @Override
  public String parameter(String name) {
    return request == null ? null : request.parameter(name);
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    return request == null ? Optional.empty() : request.unwrap(type);
  }

  @Override
  public String toString() {
    return "call of " + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
  }
}
