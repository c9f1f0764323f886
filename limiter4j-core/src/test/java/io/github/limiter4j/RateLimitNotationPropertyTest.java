package io.github.limiter4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RateLimitNotationPropertyTest {
  @Property(tries = 100_000)
  void anyStringParsesOrFailsWithTheDocumentedException(@ForAll("notationLike") String text) {
    List<RateLimitItem> items;
    try {
      items = RateLimitItem.parseAll(text);
    } catch (RateLimitParseException e) {
      assertThat(e.getMessage()).contains(text);
      return;
    }
    for (RateLimitItem item : items) {
      assertThat(RateLimitItem.parse(item.toString())).isEqualTo(item);
    }
  }

  @Property(tries = 20_000)
  void arbitraryTextParsesOrFailsWithTheDocumentedException(@ForAll String text) {
    try {
      RateLimitItem.parseAll(text);
    } catch (RateLimitParseException e) {
      assertThat(e.input()).isEqualTo(text);
    }
  }

  @Property(tries = 20_000)
  void everyItemParsesBackFromItsWrittenForm(@ForAll("items") RateLimitItem item) {
    assertThat(RateLimitItem.parse(item.toString())).isEqualTo(item);
  }

  @Provide
  Arbitrary<String> notationLike() {
    Arbitrary<String> token =
        Arbitraries.of(
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
    return token.list().ofMaxSize(8).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<RateLimitItem> items() {
    Arbitrary<Granularity> granularity = Arbitraries.of(Granularity.class);
    return Combinators.combine(
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.longs().between(1, 100_000),
            granularity)
        .as(RateLimitItem::of);
  }
}
