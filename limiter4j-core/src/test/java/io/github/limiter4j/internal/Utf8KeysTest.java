package io.github.limiter4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.RandomCases;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class Utf8KeysTest {
  @Test
  void leavesEveryKeyUtf8CanEncodeAsItIs() {
    for (String key :
        new String[] {"", "LIMITER/10.0.0.1/a/1/1/minute", "ключ-😀", "a\\b", "\uFFFD"}) {
      assertThat(Utf8Keys.encodable(key)).isSameAs(key);
    }
  }

  @Test
  void escapesLoneSurrogatesSoThatTheyNoLongerShareAKey() {
    assertThat(Utf8Keys.encodable("a\uD83D")).isEqualTo("\uFFFFa\\ud83d");
    assertThat(Utf8Keys.encodable("a\uD83C")).isEqualTo("\uFFFFa\\ud83c");
    assertThat(Utf8Keys.encodable("\uDC00\\😀")).isEqualTo("\uFFFF\\udc00\\\\😀");
    assertThat(Utf8Keys.encodable("\uFFFFx")).isEqualTo("\uFFFF\uFFFFx");
  }

  @Test
  void distinctKeysHaveDistinctUtf8Bytes() {
    RandomCases.check(
        20_000,
        random -> {
          String a = awkward(random);
          String b = random.nextInt(8) == 0 ? a : awkward(random);
          byte[] first = Utf8Keys.encodable(a).getBytes(StandardCharsets.UTF_8);
          byte[] second = Utf8Keys.encodable(b).getBytes(StandardCharsets.UTF_8);
          assertThat(Arrays.equals(first, second)).as("%s / %s", a, b).isEqualTo(a.equals(b));
        });
  }

  @Test
  void everyShortKeyOfAwkwardCharactersHasItsOwnBytes() {
    char[] alphabet = {'a', '\\', 'u', '?', '\uD800', '\uDC00', '\uFFFF', '\uFFFD'};
    Map<String, String> seen = new HashMap<>();
    int n = alphabet.length;
    for (int code = 0; code < n * n * n * n; code++) {
      StringBuilder key = new StringBuilder();
      for (int c = code; key.length() < 4; c /= n) {
        key.append(alphabet[c % n]);
      }
      String bytes =
          new String(
              Utf8Keys.encodable(key.toString()).getBytes(StandardCharsets.UTF_8),
              StandardCharsets.ISO_8859_1);
      assertThat(seen.put(bytes, key.toString())).as(key.toString()).isNull();
    }
  }

  /** Up to 6 characters from those the escaping is about: backslash, u, surrogates, U+FFFF. */
  private static String awkward(RandomGenerator random) {
    String alphabet = "a\\ud80?\uD800\uDC00\uDBFF\uFFFF";
    StringBuilder key = new StringBuilder();
    for (int n = random.nextInt(7); n > 0; n--) {
      key.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return key.toString();
  }
}
