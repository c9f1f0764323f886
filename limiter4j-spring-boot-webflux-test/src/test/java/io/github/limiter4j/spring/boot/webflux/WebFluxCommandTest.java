package io.github.limiter4j.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code java -jar app.jar limiter limits} in a WebFlux application: there is no limiter to show,
 * and the command says so instead of dying on the port it asked the server not to open.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxCommandTest {
  @Test
  void theLimiterCommandSaysLimitsAreNotAppliedOnWebFlux(CapturedOutput output) {
    assertThatThrownBy(() -> run("limiter", "limits")).isInstanceOf(Exception.class);

    assertThat(output.getAll())
        .doesNotContain("port out of range")
        .contains("limiter4j does not apply rate limits in reactive (WebFlux) applications yet");
  }

  @Test
  void theLimiterCommandSaysSoAlsoWithRateLimitingTurnedOff(CapturedOutput output) {
    assertThatThrownBy(() -> run("limiter", "limits", "--ratelimit.enabled=false"))
        .isInstanceOf(Exception.class);

    assertThat(output.getAll())
        .doesNotContain("port out of range")
        .contains("limiter4j does not apply rate limits in reactive (WebFlux) applications yet");
  }

  private static void run(String... args) {
    new SpringApplicationBuilder(WebFluxApplication.class)
        .properties("limiter4j.command.exit=false")
        .run(args)
        .close();
  }
}
