package io.github.limiter4j.spring.boot;

import io.github.limiter4j.storage.spi.StorageProvider;
import io.github.limiter4j.web.WebRequest;
import io.github.limiter4j.web.WebResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What the auto-configuration reads reflectively whatever the application declares, for native
 * images: the annotations' attributes, the roots of SpEL expressions and the request and response
 * types they call, the resources loaded by name, and the storage providers found through {@link
 * java.util.ServiceLoader}. The application's own annotated beans are covered by {@link
 * RateLimitBeanHints}.
 */
final class RateLimitRuntimeHints implements RuntimeHintsRegistrar {
  /** The service file listing the storage providers on the class path. */
  static final String PROVIDERS = "META-INF/services/" + StorageProvider.class.getName();

  /** Annotations whose attributes Spring reads through their methods. */
  static final List<Class<?>> ANNOTATIONS =
      List.of(
          RateLimit.class,
          RateLimit.List.class,
          SharedLimit.class,
          SharedLimit.List.class,
          RateLimitExempt.class,
          LimitGroup.class);

  /**
   * What a SpEL expression reaches from its root: interpreted SpEL finds properties and methods by
   * reflection on the runtime class of each value, so the concrete classes are listed as well as
   * their interfaces.
   */
  static final List<Class<?>> SPEL_TYPES =
      List.of(
          SpelRoot.class,
          MethodSpelRoot.class,
          MethodCall.class,
          WebRequest.class,
          WebResponse.class,
          // Header values and paths: expressions compare and cut them.
          String.class);

  /** The same for classes that may be missing, named so that none is loaded here. */
  static final List<String> OPTIONAL_SPEL_TYPES =
      List.of(
          "io.github.limiter4j.servlet.ServletWebRequest",
          "io.github.limiter4j.servlet.FinishingResponse",
          "jakarta.servlet.http.HttpServletRequest",
          "jakarta.servlet.ServletRequest",
          // What servletRequest is on Tomcat, Spring Boot's default container.
          "org.apache.catalina.connector.RequestFacade");

  /** Resources read with getResourceAsStream: the version, the Redis script. */
  static final List<String> RESOURCES =
      List.of("io/github/limiter4j/web/version.properties", "io/github/limiter4j/redis/*.lua");

  RateLimitRuntimeHints() {}

  @Override
  public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
    for (Class<?> annotation : ANNOTATIONS) {
      hints
          .reflection()
          .registerType(
              annotation,
              MemberCategory.INVOKE_DECLARED_METHODS,
              MemberCategory.INVOKE_PUBLIC_METHODS);
    }
    for (Class<?> type : SPEL_TYPES) {
      hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
    }
    for (String type : OPTIONAL_SPEL_TYPES) {
      hints
          .reflection()
          .registerTypeIfPresent(classLoader, type, MemberCategory.INVOKE_PUBLIC_METHODS);
    }
    for (String resource : RESOURCES) {
      hints.resources().registerPattern(resource);
    }
    // Native images load services by default; the hints make it explicit, and cover providers
    // whose module the build does not scan.
    hints.resources().registerPattern(PROVIDERS);
    for (String provider : providers(classLoader)) {
      hints
          .reflection()
          .registerType(
              TypeReference.of(provider),
              MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
              MemberCategory.INVOKE_PUBLIC_METHODS);
    }
  }

  /** The storage providers the service files on the class path name. */
  static List<String> providers(@Nullable ClassLoader classLoader) {
    ClassLoader loader =
        classLoader != null ? classLoader : RateLimitRuntimeHints.class.getClassLoader();
    List<String> names = new java.util.ArrayList<>();
    try {
      Enumeration<URL> files = loader.getResources(PROVIDERS);
      while (files.hasMoreElements()) {
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!name.isEmpty() && !names.contains(name)) {
              names.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROVIDERS, e);
    }
    return names;
  }
}
