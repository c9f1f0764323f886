package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad limit stops a real application, and Spring Boot prints our failure analysis. */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisTest {
  @Test
  void aMisspelledLimitIsReportedWithItsPropertyAndValue(CapturedOutput output) {
    SpringApplication application = new SpringApplication(AnnotatedApplication.class);
    assertThatThrownBy(
            () -> application.run("--server.port=0", "--ratelimit.default=10/minuet").close())
        .hasRootCauseInstanceOf(io.github.limiter4j.RateLimitParseException.class);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("Invalid rate limit configuration")
        .contains("ratelimit.default = \"10/minuet\"")
        .contains("Correct ratelimit.default");
  }
}
