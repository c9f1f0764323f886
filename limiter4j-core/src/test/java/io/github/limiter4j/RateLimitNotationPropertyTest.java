package io.github.limiter4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * 140,000 generated cases: 100,000 notation-like strings, 20,000 of any text, 20,000 items. Each
 * test runs the number of cases it gives {@link RandomCases#check}, which runs every one unless a
 * case fails.
 */
class RateLimitNotationPropertyTest {
  private static final List<String> TOKENS =
      List.of(
          "1",
          "10",
          "0",
          "-",
          "/",
          " ",
          "per",
          "PER",
          "second",
          "minutes",
          "hour",
          "Days",
          "month",
          "years",
          "sec",
          ",",
          ";",
          "|",
          ".",
          "99999999999999999999",
          "2",
          "x",
          "\t");

  @Test
  void anyStringParsesOrFailsWithTheDocumentedException() {
    RandomCases.check(100_000, random -> parsesOrFailsNamingIt(notationLike(random)));
  }

  @Test
  void arbitraryTextParsesOrFailsWithTheDocumentedException() {
    RandomCases.check(
        20_000,
        random -> {
          String text = anyText(random);
          try {
            RateLimitItem.parseAll(text);
          } catch (RateLimitParseException e) {
            assertThat(e.input()).isEqualTo(text);
          }
        });
  }

  @Test
  void everyItemParsesBackFromItsWrittenForm() {
    RandomCases.check(
        20_000,
        random -> {
          RateLimitItem item = item(random);
          assertThat(RateLimitItem.parse(item.toString())).isEqualTo(item);
        });
  }

  private static void parsesOrFailsNamingIt(String text) {
    List<RateLimitItem> items;
    try {
      items = RateLimitItem.parseAll(text);
    } catch (RateLimitParseException e) {
      assertThat(e.getMessage()).as(text).contains(text);
      return;
    }
    for (RateLimitItem item : items) {
      assertThat(RateLimitItem.parse(item.toString())).as(text).isEqualTo(item);
    }
  }

  /** Up to 8 of the notation's words, numbers and separators, joined. */
  private static String notationLike(RandomGenerator random) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(9); n > 0; n--) {
      text.append(TOKENS.get(random.nextInt(TOKENS.size())));
    }
    return text.toString();
  }

  /**
   * Text of any UTF-16 units (lone surrogates too), mostly short, with ASCII, white space of every
   * kind, separators and digits of other scripts more often than their share.
   */
  private static String anyText(RandomGenerator random) {
    int length = random.nextInt(8) == 0 ? random.nextInt(300) : random.nextInt(16);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(
          switch (random.nextInt(4)) {
            case 0 -> (char) random.nextInt(0x20, 0x7f);
            case 1 -> pick(random, " \t\n\r\u000b\f\u0085\u00a0\u1680\u2007\u2028\u3000/,;|");
            case 2 -> pick(random, "0123456789\u0660\u0669\u06f1\u0967\uff10\uff19\u00b2");
            default -> (char) random.nextInt(0x10000);
          });
    }
    return text.toString();
  }

  private static char pick(RandomGenerator random, String chars) {
    return chars.charAt(random.nextInt(chars.length()));
  }

  /** Any item: amounts and multiples from 0 and 1 to their largest, the bounds more often. */
  private static RateLimitItem item(RandomGenerator random) {
    long amount =
        switch (random.nextInt(8)) {
          case 0 -> 0;
          case 1 -> Long.MAX_VALUE;
          case 2 -> random.nextLong(0, 100);
          default -> random.nextLong(0, 1L << random.nextInt(1, 63));
        };
    long multiples =
        switch (random.nextInt(8)) {
          case 0 -> 1;
          case 1 -> 100_000;
          default -> random.nextLong(1, 100_001);
        };
    Granularity[] granularities = Granularity.values();
    return RateLimitItem.of(amount, multiples, granularities[random.nextInt(granularities.length)]);
  }
}
