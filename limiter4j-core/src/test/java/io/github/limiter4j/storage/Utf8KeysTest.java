package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

  @Property(tries = 20_000)
  void distinctKeysHaveDistinctUtf8Bytes(@ForAll("awkward") String a, @ForAll("awkward") String b) {
    byte[] first = Utf8Keys.encodable(a).getBytes(StandardCharsets.UTF_8);
    byte[] second = Utf8Keys.encodable(b).getBytes(StandardCharsets.UTF_8);
    assertThat(java.util.Arrays.equals(first, second)).isEqualTo(a.equals(b));
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

  @Provide
  Arbitrary<String> awkward() {
    return Arbitraries.strings()
        .withChars('a', '\\', 'u', 'd', '8', '0', '?', '\uD800', '\uDC00', '\uDBFF', '\uFFFF')
        .ofMaxLength(6);
  }
}
