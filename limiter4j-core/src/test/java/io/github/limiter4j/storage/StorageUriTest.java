package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.storage.StorageUri.Location;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageUriTest {
  @Test
  void readsEveryPartOfAUri() {
    StorageUri uri = StorageUri.parse("redis://user:secret@cache.local:6380/2?timeout=1s&ssl=no");
    assertThat(uri.scheme()).isEqualTo("redis");
    assertThat(uri.username()).contains("user");
    assertThat(uri.password()).contains("secret");
    assertThat(uri.locations()).containsExactly(new Location("cache.local", 6380));
    assertThat(uri.path()).isEqualTo("/2");
    assertThat(uri.options()).containsExactly(Map.entry("timeout", "1s"), Map.entry("ssl", "no"));
  }

  @Test
  void takesSeveralLocationsAndIpv6() {
    StorageUri uri = StorageUri.parse("redis+cluster://[::1]:7000,10.0.0.2:7001,node3");
    assertThat(uri.locations())
        .containsExactly(
            new Location("::1", 7000), new Location("10.0.0.2", 7001), new Location("node3", -1));
    assertThat(uri.locations().get(0)).hasToString("[::1]:7000");
    assertThat(uri.locations().get(2).portOr(6379)).isEqualTo(6379);
  }

  @Test
  void aPasswordMayHoldAtSignsColonsAndSlashes() {
    StorageUri uri = StorageUri.parse("redis://:p@ss:w/rd@host:6379");
    assertThat(uri.username()).isEmpty();
    assertThat(uri.password()).contains("p@ss:w/rd");
    assertThat(uri.locations()).containsExactly(new Location("host", 6379));
    assertThat(StorageUri.parse("redis://u%40x:p%25w@host").password()).contains("p%w");
    assertThat(StorageUri.parse("redis://u%40x:p%25w@host").username()).contains("u@x");
  }

  @Test
  void readsUnixSocketPaths() {
    StorageUri uri = StorageUri.parse("redis+unix:///var/run/redis/redis.sock?db=3");
    assertThat(uri.locations()).isEmpty();
    assertThat(uri.path()).isEqualTo("/var/run/redis/redis.sock");
    assertThat(uri.options()).containsEntry("db", "3");
    assertThat(StorageUri.parse("memcached:///tmp/memcached.sock").path())
        .isEqualTo("/tmp/memcached.sock");
  }

  @Test
  void takesUrisWithoutHost() {
    StorageUri uri = StorageUri.parse("memory://");
    assertThat(uri.scheme()).isEqualTo("memory");
    assertThat(uri.locations()).isEmpty();
    assertThat(uri.path()).isEmpty();
    assertThat(StorageUri.parse("MEMORY://").scheme()).isEqualTo("memory");
  }

  @Test
  void masksPasswordsAndSecretOptionsWhenPrinted() {
    assertThat(StorageUri.parse("redis://user:secret@host:6379/0?token=abc&timeout=2s"))
        .hasToString("redis://user:****@host:6379/0?token=****&timeout=2s");
    assertThat(StorageUri.parse("redis://:secret@host")).hasToString("redis://:****@host");
    assertThat(StorageUri.parse("redis://host")).hasToString("redis://host");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost:6379 | expected <scheme>://",
        "redis://:6379 | missing host or port in \":6379\"",
        "redis://host: | missing host or port in \"host:\"",
        "redis://host:abc | port \"abc\" is not a number",
        "redis://host:70000 | port 70000 is not between 1 and 65535",
        "redis://host:0 | port 0 is not between 1 and 65535",
        "redis://a:1,,b:2 | empty location",
        "redis://::1:6379 | write IPv6 addresses in brackets",
        "redis://[::1:6379 | has no closing ']'",
        "redis://host?a=1&a=2 | option \"a\" is given twice",
        "redis://host?=1 | an option has no name",
        "redis://host/%zz | malformed percent-encoding",
        "1redis://host | is not a valid scheme",
      })
  void namesTheUriAndTheProblem(String uri, String problem) {
    assertThatThrownBy(() -> StorageUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid storage URI \"")
        .hasMessageContaining(problem);
  }

  @Test
  void errorsNeverShowThePassword() {
    for (String uri :
        List.of("redis://user:hunter2@host:abc", "redis://:hunter2@:6379", "hunter2@host")) {
      assertThatThrownBy(() -> StorageUri.parse(uri))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain("hunter2");
    }
  }

  @Test
  void urisWithTheSamePartsAreEqual() {
    assertThat(StorageUri.parse("redis://h:1/0"))
        .isEqualTo(StorageUri.parse(" redis://h:1/0 "))
        .hasSameHashCodeAs(StorageUri.parse("REDIS://h:1/0"))
        .isNotEqualTo(StorageUri.parse("redis://h:1/1"));
  }
}
