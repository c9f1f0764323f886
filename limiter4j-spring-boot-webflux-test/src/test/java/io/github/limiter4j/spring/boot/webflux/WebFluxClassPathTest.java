package io.github.limiter4j.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The starter brings no Spring MVC and no servlet container into a WebFlux application: this
 * module's test class path is what such an application gets (see its pom).
 */
class WebFluxClassPathTest {
  @Test
  void theStarterBringsNoSpringMvcIntoAWebFluxApplication() {
    assertThat(present("org.springframework.web.servlet.DispatcherServlet")).isFalse();
    assertThat(present("org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"))
        .isFalse();
    assertThat(present("org.apache.catalina.startup.Tomcat")).isFalse();
    assertThat(present("jakarta.servlet.Filter")).isFalse();
  }

  @Test
  void theStarterStillBringsTheLimiterAndTheCommand() {
    assertThat(present("io.github.limiter4j.web.Limiter")).isTrue();
    assertThat(present("io.github.limiter4j.spring.boot.RateLimit")).isTrue();
    assertThat(present("io.github.limiter4j.cli.LimiterCli")).isTrue();
  }

  private static boolean present(String name) {
    // The class file, not the class: loading one whose dependencies are absent would fail.
    return WebFluxClassPathTest.class
            .getClassLoader()
            .getResource(name.replace('.', '/') + ".class")
        != null;
  }
}
