package io.github.limiter4j;

import static io.github.limiter4j.Granularity.DAY;
import static io.github.limiter4j.Granularity.HOUR;
import static io.github.limiter4j.Granularity.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimitNotationTest {
  static Stream<Arguments> acceptedLimits() {
    return Stream.of(
        Arguments.of("1 per second", RateLimitItem.of(1, SECOND)),
        Arguments.of("1/SECOND", RateLimitItem.of(1, SECOND)),
        Arguments.of("1 / Second", RateLimitItem.of(1, SECOND)),
        Arguments.of("1 per 3 hour", RateLimitItem.of(1, 3, HOUR)),
        Arguments.of("1 per 2 hours", RateLimitItem.of(1, 2, HOUR)),
        Arguments.of("1/2 day", RateLimitItem.of(1, 2, DAY)),
        Arguments.of("1/ 2 Days", RateLimitItem.of(1, 2, DAY)),
        Arguments.of("1persecond", RateLimitItem.of(1, SECOND)),
        Arguments.of("1/seconds", RateLimitItem.of(1, SECOND)),
        Arguments.of("  10 PER hour  ", RateLimitItem.of(10, HOUR)),
        Arguments.of("0/second", RateLimitItem.of(0, SECOND)),
        Arguments.of("5 per 1 month", RateLimitItem.of(5, 1, Granularity.MONTH)),
        Arguments.of("2000 per year", RateLimitItem.of(2000, Granularity.YEAR)));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("acceptedLimits")
  void parsesTheNotation(String text, RateLimitItem expected) {
    assertThat(RateLimitItem.parse(text)).isEqualTo(expected);
  }

  @Test
  void parsesSeveralLimitsInTheOrderWritten() {
    assertThat(RateLimitItem.parseAll("5/2 seconds;10/hour|100/day"))
        .containsExactly(
            RateLimitItem.of(5, 2, SECOND), RateLimitItem.of(10, HOUR), RateLimitItem.of(100, DAY));
    assertThat(RateLimitItem.parseAll("100/day, 500/7days"))
        .containsExactly(RateLimitItem.of(100, DAY), RateLimitItem.of(500, 7, DAY));
  }

  @Test
  void parseWantsExactlyOneLimit() {
    assertThatThrownBy(() -> RateLimitItem.parse("1/second;2/minute"))
        .isInstanceOf(RateLimitParseException.class)
        .hasMessageContaining("expected a single limit but found 2");
  }

  static Stream<Arguments> rejectedLimits() {
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("   ", "it is empty"),
        Arguments.of("meow", "expected a count"),
        Arguments.of("1/second;", "ends with the separator ';'"),
        Arguments.of("1/minute,", "ends with the separator ','"),
        Arguments.of(";1/minute", "starts with a separator"),
        Arguments.of("1/second;;2/minute", "empty limit between two separators"),
        Arguments.of("1/second 2/minute", "separate several limits with"),
        Arguments.of("-1/second", "must not be negative"),
        Arguments.of("1.5/second", "must be a whole number"),
        Arguments.of("1//second", "expected a time unit"),
        Arguments.of("1 per per second", "\"per\" is not a time unit"),
        Arguments.of("1 per millenium", "\"millenium\" is not a time unit"),
        Arguments.of("1/sec", "\"sec\" is not a time unit"),
        Arguments.of("1 per 0 seconds", "must be at least 1"),
        Arguments.of("1 per -2 seconds", "must not be negative"),
        Arguments.of("10", "expected '/' or 'per'"),
        Arguments.of("10 every minute", "expected '/' or 'per' after the count"),
        Arguments.of("10/5", "expected a time unit"),
        Arguments.of("99999999999999999999/second", "is too large"),
        Arguments.of("1 per 99999999999999999999 seconds", "is too large"),
        Arguments.of("1 per 9223372036854775807 years", "is too long"),
        Arguments.of("1 per 300000000 years", "is too long"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("rejectedLimits")
  void rejectsWhatIsNotTheNotationSayingWhy(String text, String problem) {
    assertThatThrownBy(() -> RateLimitItem.parseAll(text))
        .isInstanceOf(RateLimitParseException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid rate limit \"" + text + "\": ")
        .hasMessageContaining(problem)
        .satisfies(
            e -> {
              RateLimitParseException parse = (RateLimitParseException) e;
              assertThat(parse.input()).isEqualTo(text);
              assertThat(parse.problem()).contains(problem);
            });
  }

  @Test
  void nullIsAProgrammingError() {
    assertThatThrownBy(() -> RateLimitItem.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("limit");
    assertThatThrownBy(() -> RateLimitItem.parseAll(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("limits");
  }

  @Test
  void theWrittenFormParsesBackToAnEqualItem() {
    for (String text : List.of("10/minute", "5 per 2 hours", "0/second", "7/30 days", "1/year")) {
      RateLimitItem item = RateLimitItem.parse(text);
      assertThat(RateLimitItem.parse(item.toString())).isEqualTo(item);
    }
    assertThat(RateLimitItem.parse("10/minute")).hasToString("10 per 1 minute");
  }
}
