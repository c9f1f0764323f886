package io.github.limiter4j.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.StorageUri;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {
  private static StorageOptions options(String uri, Map<String, ?> overrides) {
    return StorageOptions.of(StorageUri.parse(uri), overrides);
  }

  @Test
  void optionsGivenInCodeOverrideThoseOfTheUri() {
    StorageOptions options = options("redis://h?timeout=1s&db=2", Map.of("timeout", "5s"));
    assertThat(options.getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.getLong("db", 0)).isEqualTo(2);
  }

  @Test
  void anOptionThatIsNotGivenIsEmpty() {
    StorageOptions options = options("redis://h?client_name=app", Map.of());
    assertThat(options.getString("client-name")).contains("app");
    assertThat(options.getString("missing")).isEmpty();
    assertThat(options.getDuration("missing")).isEmpty();
    assertThat(options.getObject("missing", Object.class)).isEmpty();
    assertThat(StorageOptions.empty().getString("missing", "fallback")).isEqualTo("fallback");
  }

  @Test
  void anObjectGivenInCodeIsReturnedAsItsType() {
    Object context = new Object();
    StorageOptions options = options("redis://h", Map.of("ssl-context", context));
    assertThat(options.getObject("ssl-context", Object.class)).containsSame(context);
    assertThatThrownBy(() -> options.getObject("ssl-context", String.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDefaultValueMustBeGiven() {
    assertThatNullPointerException()
        .isThrownBy(() -> StorageOptions.empty().getString("a", null))
        .withMessage("defaultValue");
    assertThatNullPointerException()
        .isThrownBy(() -> StorageOptions.empty().getDuration("a", null))
        .withMessage("defaultValue");
  }

  @Test
  void namesIgnoreCaseAndUnderscores() {
    StorageOptions options = options("memory://?Maximum_Keys=10", Map.of());
    assertThat(options.has("maximum-keys")).isTrue();
    assertThat(options.getLong("maximum_keys", 0)).isEqualTo(10);
    assertThatThrownBy(
            () -> options("memory://", Map.of("maximum_keys", 1, "maximum-keys", 2)).names())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is given twice under different spellings");
  }

  @Test
  void anOptionTheUriGivesTwiceUnderDifferentSpellingsIsRefused() {
    assertThatThrownBy(
            () -> options("redis://:pw@h?client_name=a&Client-Name=b&timeout=1s", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid storage URI \"redis://:****@h?client_name=a&Client-Name=b&timeout=1s\":"
                + " option \"client-name\" is given twice (as \"client_name\" and"
                + " \"Client-Name\")");
  }

  @Test
  void readsDurationsInSeveralForms() {
    StorageOptions options =
        options(
            "redis://h?a=250ms&b=2s&c=3m&d=PT1H&e=40", Map.of("f", Duration.ofMillis(7), "g", 9));
    assertThat(options.getDuration("a")).contains(Duration.ofMillis(250));
    assertThat(options.getDuration("b")).contains(Duration.ofSeconds(2));
    assertThat(options.getDuration("c")).contains(Duration.ofMinutes(3));
    assertThat(options.getDuration("d")).contains(Duration.ofHours(1));
    assertThat(options.getDuration("e")).contains(Duration.ofMillis(40));
    assertThat(options.getDuration("f")).contains(Duration.ofMillis(7));
    assertThat(options.getDuration("g")).contains(Duration.ofMillis(9));
    assertThat(options.getDuration("missing", Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void readsBooleans() {
    StorageOptions options = options("redis://h?a=yes&b=FALSE&c=1", Map.of("d", true));
    assertThat(options.getBoolean("a", false)).isTrue();
    assertThat(options.getBoolean("b", true)).isFalse();
    assertThat(options.getBoolean("c", false)).isTrue();
    assertThat(options.getBoolean("d", false)).isTrue();
  }

  @Test
  void aBadValueIsNamedWithWhatWasExpected() {
    assertThatThrownBy(
            () -> options("memory://?maximum-keys=lots", Map.of()).getLong("maximum-keys", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Storage option \"maximum-keys\" must be a whole number but was \"lots\"");
    assertThatThrownBy(() -> options("redis://h?timeout=soon", Map.of()).getDuration("timeout"))
        .hasMessageContaining("must be a duration such as 500ms, 2s or PT2S but was \"soon\"");
    assertThatThrownBy(() -> options("redis://h?timeout=-1s", Map.of()).getDuration("timeout"))
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> options("redis://h?ssl=maybe", Map.of()).getBoolean("ssl", false))
        .hasMessageContaining("must be true or false but was \"maybe\"");
    assertThatThrownBy(() -> options("redis://h?password=x", Map.of()).getLong("password", 0))
        .message()
        .doesNotContain("\"x\"");
  }

  @Test
  void unknownOptionsAreNamedWithTheKnownOnes() {
    assertThatThrownBy(
            () ->
                options("memory://?max-keys=1", Map.of())
                    .requireKnown(List.of("maximum-keys", "cleanup-interval"), "memory storage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown option \"max-keys\" for memory storage; known options are cleanup-interval,"
                + " maximum-keys");
  }

  @Test
  void secretValuesAreMaskedWhenPrinted() {
    assertThat(options("redis://h?password=x&db=1", Map.of("auth_token", "t")))
        .hasToString("{password=****, db=1, auth-token=****}");
  }
}
