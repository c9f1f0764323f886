package io.github.limiter4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitItemTest {
  @Test
  void keysFollowTheLayoutOfLimits() {
    RateLimitItem item = RateLimitItem.parse("10/minute");
    assertThat(item.keyFor("a", "b")).isEqualTo("LIMITER/a/b/10/1/minute");
    assertThat(item.keyFor()).isEqualTo("LIMITER/10/1/minute");
    assertThat(item.keyFor("a")).isEqualTo("LIMITER/a/10/1/minute");
    assertThat(item.keyFor("a", "b", "c")).isEqualTo("LIMITER/a/b/c/10/1/minute");
    assertThat(item.withNamespace("APP").keyFor("x")).isEqualTo("APP/x/10/1/minute");
    assertThat(RateLimitItem.parse("3 per 2 days").keyFor("k")).isEqualTo("LIMITER/k/3/2/day");
  }

  @Test
  void aNullIdentifierIsNamed() {
    RateLimitItem item = RateLimitItem.parse("10/minute");
    assertThatThrownBy(() -> item.keyFor("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("identifiers[1]");
    assertThatThrownBy(() -> item.keyFor((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("identifiers[0]");
    assertThatThrownBy(() -> item.keyFor("a", "b", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("identifiers[2]");
  }

  @Test
  void monthsAreThirtyDaysAndYearsThreeHundredSixty() {
    assertThat(RateLimitItem.parse("1/month").window()).isEqualTo(Duration.ofDays(30));
    assertThat(RateLimitItem.parse("1/year").window()).isEqualTo(Duration.ofDays(360));
    assertThat(RateLimitItem.parse("1 per 2 hours").windowMillis()).isEqualTo(7_200_000);
  }

  @Test
  void equalItemsHaveEqualHashes() {
    RateLimitItem a = RateLimitItem.parse("10/minute");
    RateLimitItem b = RateLimitItem.of(10, 1, Granularity.MINUTE);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(a.withNamespace("OTHER"));
    assertThat(a).isNotEqualTo(RateLimitItem.parse("10 per 60 seconds"));
    assertThat(a).isNotEqualTo(RateLimitItem.parse("11/minute"));
    assertThat(a.withNamespace(RateLimitItem.DEFAULT_NAMESPACE)).isSameAs(a);
  }

  @Test
  void invalidArgumentsAreNamed() {
    assertThatThrownBy(() -> RateLimitItem.of(-1, Granularity.SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount must be 0 or more but was -1");
    assertThatThrownBy(() -> RateLimitItem.of(1, 0, Granularity.SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiples must be 1 or more but was 0");
    assertThatThrownBy(() -> RateLimitItem.of(1, Long.MAX_VALUE, Granularity.DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than Long.MAX_VALUE milliseconds");
    assertThatThrownBy(() -> RateLimitItem.of(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("granularity");
    assertThatThrownBy(() -> RateLimitItem.parse("1/second").withNamespace(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace");
  }
}
