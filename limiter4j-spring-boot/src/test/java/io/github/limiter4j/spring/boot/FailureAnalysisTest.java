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

  @Test
  void aStorageWhoseModuleIsMissingIsToldToAddItNotTheNotation(CapturedOutput output) {
    assertThat(failureOf("--ratelimit.storage-uri=memcached://127.0.0.1:11211", output))
        .contains("limiter4j-memcached")
        .contains("Add the module the problem names")
        .doesNotContain("Limits are written");
  }

  @Test
  void anUnknownStorageOptionIsToldToCorrectTheOptionWithThePasswordMasked(CapturedOutput output) {
    assertThat(
            failureOf(
                "--ratelimit.storage-uri=redis://:pw-s3cret@127.0.0.1:6379?no_such_option=1",
                output))
        .contains("ratelimit.storage-uri = \"redis://:****@127.0.0.1:6379")
        .contains("Correct or remove the option")
        .doesNotContain("Limits are written")
        .doesNotContain("pw-s3cret");
  }

  @Test
  void aReferenceToNoBeanIsToldWhatAFunctionMayBeNotTheNotation(CapturedOutput output) {
    assertThat(failureOf("--ratelimit.key-func=noSuchKeyBean", output))
        .contains("ratelimit.key-func = \"noSuchKeyBean\"")
        .contains("A function is the name of a bean of the right type")
        .doesNotContain("Limits are written");
  }

  /** The failure analysis of a start-up with {@code argument}: from its Description on. */
  private static String failureOf(String argument, CapturedOutput output) {
    SpringApplication application = new SpringApplication(AnnotatedApplication.class);
    assertThatThrownBy(() -> application.run("--server.port=0", argument).close())
        .isInstanceOf(RuntimeException.class);
    String all = output.toString();
    assertThat(all).contains("APPLICATION FAILED TO START");
    return all.substring(all.lastIndexOf("APPLICATION FAILED TO START"));
  }
}
