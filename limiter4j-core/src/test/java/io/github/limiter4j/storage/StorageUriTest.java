package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.limiter4j.RandomCases;
import io.github.limiter4j.storage.StorageUri.Location;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
  void aPasswordMayHoldAtSignsAndColonsAsTheyAre() {
    StorageUri uri = StorageUri.parse("redis://:p@ss:w@host:6379");
    assertThat(uri.username()).isEmpty();
    assertThat(uri.password()).contains("p@ss:w");
    assertThat(uri.locations()).containsExactly(new Location("host", 6379));
    assertThat(StorageUri.parse("redis://u%40x:p%25w@host").password()).contains("p%w");
    assertThat(StorageUri.parse("redis://u%40x:p%25w@host").username()).contains("u@x");
    assertThat(StorageUri.parse("redis://:p%2Fw%3Fx%23y@host").password()).contains("p/w?x#y");
  }

  @Test
  void theUserPartEndsAtTheLastAtSignOfTheAuthority() {
    // limits' cases: the authority ends at the first '/', '?' or '#'; the user part at its last '@'
    StorageUri uri = StorageUri.parse("schema://a@:b@@localhost:1234");
    assertThat(uri.username()).contains("a@");
    assertThat(uri.password()).contains("b@");
    assertThat(uri.locations()).containsExactly(new Location("localhost", 1234));
    assertThat(StorageUri.parse("schema://a:b@[::1]:1,[::1]:2").locations())
        .containsExactly(new Location("::1", 1), new Location("::1", 2));
    assertThat(StorageUri.parse("schema://a:b@[::1]:1,[::1]:2").password()).contains("b");
  }

  @Test
  void anAtSignAfterTheAuthorityIsNotTheUserPart() {
    StorageUri uri = StorageUri.parse("redis://h:6379/0?client_name=a@b");
    assertThat(uri.username()).isEmpty();
    assertThat(uri.password()).isEmpty();
    assertThat(uri.locations()).containsExactly(new Location("h", 6379));
    assertThat(uri.path()).isEqualTo("/0");
    assertThat(uri.options()).containsExactly(Map.entry("client_name", "a@b"));
    assertThat(uri).hasToString("redis://h:6379/0?client_name=a%40b");

    StorageUri inPath = StorageUri.parse("redis+unix:///run/a@b/redis.sock?x=u:p@q");
    assertThat(inPath.username()).isEmpty();
    assertThat(inPath.locations()).isEmpty();
    assertThat(inPath.path()).isEqualTo("/run/a@b/redis.sock");
    assertThat(inPath.options()).containsEntry("x", "u:p@q");

    StorageUri withUser = StorageUri.parse("redis://u:secret@h:1/0?client_name=a@b");
    assertThat(withUser.username()).contains("u");
    assertThat(withUser.password()).contains("secret");
    assertThat(withUser.locations()).containsExactly(new Location("h", 1));
  }

  @Test
  void readsTheShapesOfLimitsUris() {
    assertThat(StorageUri.parse("redis+sentinel://:pw@a:26379,b:26380/mymaster/2").locations())
        .containsExactly(new Location("a", 26379), new Location("b", 26380));
    assertThat(StorageUri.parse("memcached://a:1,b:2").locations())
        .containsExactly(new Location("a", 1), new Location("b", 2));
    assertThat(StorageUri.parse("schema://localhost:1, localhost:2").locations())
        .containsExactly(new Location("localhost", 1), new Location("localhost", 2));
    assertThat(StorageUri.parse("schema://[::1]:1,localhost:2").locations())
        .containsExactly(new Location("::1", 1), new Location("localhost", 2));
    assertThat(StorageUri.parse("redis://[2001:db8::1]").locations())
        .containsExactly(new Location("2001:db8::1", -1));
    assertThat(StorageUri.parse("redis://[::ffff:10.0.0.1]:6379").locations())
        .containsExactly(new Location("::ffff:10.0.0.1", 6379));
    assertThat(StorageUri.parse("redis://[fe80::1%25eth0]:6379").locations())
        .containsExactly(new Location("fe80::1%eth0", 6379));
    StorageUri socket = StorageUri.parse("redis+unix://:pw@/var/run/redis.sock?db=1");
    assertThat(socket.password()).contains("pw");
    assertThat(socket.locations()).isEmpty();
    assertThat(socket.path()).isEqualTo("/var/run/redis.sock");
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

  @Test
  void everyIpv6AddressInBracketsIsAHostAsJavaNetUriReadsIt() {
    RandomCases.check(
        2_000,
        random -> {
          byte[] address = new byte[16];
          for (int i = 0; i < 16; i += 2) {
            int group = random.nextBoolean() ? 0 : random.nextInt(0x10000);
            address[i] = (byte) (group >>> 8);
            address[i + 1] = (byte) group;
          }
          String full = Inet6Address.getByAddress(null, address, -1).getHostAddress();
          String dotted =
              full.substring(0, full.lastIndexOf(':', full.lastIndexOf(':') - 1) + 1)
                  + InetAddress.getByAddress(Arrays.copyOfRange(address, 12, 16)).getHostAddress();
          for (String host :
              List.of(full, compressed(full), dotted, compressed(dotted), full.toUpperCase())) {
            String uri = "redis://[" + host + "]:6379";
            assertThat(StorageUri.parse(uri).locations())
                .as(uri)
                .containsExactly(new Location(host, 6379));
            assertThat(new URI(uri).getHost()).as(uri).isEqualTo("[" + host + "]");
          }
        });
  }

  /** Writes the first run of two or more zero groups as "::". */
  private static String compressed(String ipv6) {
    return ipv6.replaceFirst("(^|:)0(:0)+(:|$)", "::");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost:6379 | expected <scheme>://",
        "redis:/host | expected <scheme>://",
        "1redis://host | is not a valid scheme",
        "redis://:6379 | the location \":6379\" has no host",
        "redis://u:p@:6379 | the location \":6379\" has no host",
        "redis://[]:6379 | the location \"[]:6379\" has no host",
        "redis://host: | the location \"host:\" has no port after ':'",
        "redis://host:abc | port \"abc\" of \"host:abc\" is not a number",
        "redis://host:+1 | port \"+1\" of \"host:+1\" is not a number",
        "redis://host:-1 | port \"-1\" of \"host:-1\" is not a number",
        "redis://host:\u0661 | is not a number",
        "redis://host:1 2 | is not a number",
        "redis://host:70000 | port 70000 of \"host:70000\" is not between 1 and 65535",
        "redis://host:0 | port 0 of \"host:0\" is not between 1 and 65535",
        "redis://host:99999999999999999999 | is not between 1 and 65535",
        "redis://a:1,,b:2 | location 2 of \"a:1,,b:2\" is empty",
        "redis://a:1, | location 2 of \"a:1,\" is empty",
        "redis://,a:1 | location 1 of \",a:1\" is empty",
        "redis://::1:6379 | \"::1:6379\" has several ':'; write an IPv6 host in brackets",
        "redis://[::1:6379 | unbalanced brackets in \"[::1:6379\"",
        "redis://::1]:6379 | unbalanced brackets in \"::1]:6379\"",
        "redis://host]:6379 | unbalanced brackets in \"host]:6379\"",
        "redis://[::1]]:6379 | unbalanced brackets in \"[::1]]:6379\"",
        "redis://h[::1]:6379 | the brackets in \"h[::1]:6379\" must hold the whole host",
        "redis://[[::1]]:6379 | the brackets in \"[[::1]]:6379\" must hold the whole host",
        "redis://[::1]6379 | unexpected \"6379\" after \"[::1]\"",
        "redis://[localhost]:6379 | \"localhost\" in brackets is not an IPv6 address",
        "redis://[1::2::3]:6379 | \"1::2::3\" in brackets is not an IPv6 address",
        "redis://[:::]:6379 | \":::\" in brackets is not an IPv6 address",
        "redis://[12345::]:6379 | \"12345::\" in brackets is not an IPv6 address",
        "redis://[1:2:3:4:5:6:7]:6379 | \"1:2:3:4:5:6:7\" in brackets is not an IPv6 address",
        "redis://[1.2.3.4]:6379 | \"1.2.3.4\" in brackets is not an IPv6 address",
        "redis://[::1.2.3]:6379 | \"::1.2.3\" in brackets is not an IPv6 address",
        "redis://[fe80::1%25]:6379 | \"fe80::1%\" in brackets is not an IPv6 address",
        "redis://my host:6379 | the host \"my host\" cannot hold ' '",
        "redis://ho%73t | the host \"ho%73t\" cannot hold '%'",
        "redis://host?a=1&a=2 | option \"a\" is given twice",
        "redis://host?a=1&b=2&a=3 | option \"a\" is given twice",
        "redis://host?a=1&a | option \"a\" is given twice",
        "redis://host?=1 | an option has no name",
        "redis://host/%zz | the path has a malformed percent-escape \"%zz\"",
        "redis://host/a%2 | the path has a malformed percent-escape \"%2\"",
        "redis://host/%FF | the path has a malformed percent-escape \"%FF\" (not UTF-8)",
        "redis://host?a%zz=1 | an option name has a malformed percent-escape \"%zz\"",
        "redis://host?a=%C3 | the value of option \"a\" has a malformed percent-escape \"%C3\"",
        "redis://u%zz:p@host | the user has a malformed percent-escape \"%zz\"",
        "redis://u:p%zz@host | the password has a malformed percent-escape",
        "redis://host/0#top | a storage URI has no fragment",
      })
  void namesTheUriAndTheProblem(String uri, String problem) {
    assertThatThrownBy(() -> StorageUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid storage URI \"")
        .hasMessageContaining(problem);
  }

  @Test
  void errorsNameTheUriWithItsPasswordMasked() {
    assertThatThrownBy(() -> StorageUri.parse("redis://user:hunter2@host:abc/0?ssl=no"))
        .hasMessage(
            "Invalid storage URI \"redis://user:****@host:abc/0?ssl=no\": port \"abc\" of"
                + " \"host:abc\" is not a number");
    assertThatThrownBy(() -> StorageUri.parse("redis://user:hunter2@host/0?a=1&a=2"))
        .hasMessage(
            "Invalid storage URI \"redis://user:****@host/0?a=1&a=2\": option \"a\" is given"
                + " twice");
    assertThatThrownBy(() -> StorageUri.parse("redis://host/0?password=hunter2&password=x"))
        .hasMessage(
            "Invalid storage URI \"redis://host/0?password=****&password=****\": option"
                + " \"password\" is given twice");
  }

  @Test
  void aPasswordWithAnUnencodedSlashIsRefusedWithoutShowingIt() {
    for (String uri :
        List.of(
            "redis://:s3cr/Et9x@host:6379",
            "redis://user:s3cr/Et9x@host:6379",
            "redis://:s3cr?Et9x@host:6379",
            "redis://:s3cr#Et9x@host:6379",
            "redis://user#s3crEt9x@host:6379",
            "redis://:s3crEt9x:6379/x@host")) {
      assertThatThrownBy(() -> StorageUri.parse(uri))
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Invalid storage URI \"redis://****@host")
          .hasMessageContaining("percent-encode '/' as %2F, '?' as %3F and '#' as %23")
          .message()
          .doesNotContain("s3cr")
          .doesNotContain("Et9x");
    }
  }

  @Test
  void anAtSignInThePathOrAnOptionNameAfterAHostWithoutUserIsRefusedWithoutShowingThePassword() {
    // The host part parses ("default:123" reads as host and port), so only the '@' after it
    // tells that the user part ran on: the password is "123/abc" or "123?abc".
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put(
        "redis://default:123/abc@redis.example:6379/0", "redis://****@redis.example:6379/0");
    refused.put(
        "redis://default:123/abc@redis.example:6379/0?client_name=x",
        "redis://****@redis.example:6379/0?client_name=x");
    refused.put(
        "redis://default:123?abc@redis.example:6379/0", "redis://****@redis.example:6379/0");
    refused.put(
        "redis://default:123#abc@redis.example:6379/0", "redis://****@redis.example:6379/0");
    refused.put("redis+cluster://default:123/abc@a:1,b:2", "redis+cluster://****@a:1,b:2");
    refused.put(
        "redis+sentinel://default:123/abc@a:26379/mymaster",
        "redis+sentinel://****@a:26379/mymaster");
    refused.put("mongodb://default:123/abc@h:27017/db", "mongodb://****@h:27017/db");
    refused.put("memcached://default:123/abc@h:11211", "memcached://****@h:11211");
    refused.put(
        "redis+unix://default:123/abc@/run/redis.sock", "redis+unix://****@/run/redis.sock");
    refused.forEach(
        (uri, shown) -> {
          Throwable thrown = catchThrowable(() -> StorageUri.parse(uri));
          assertThat(thrown)
              .as(uri)
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith("Invalid storage URI \"" + shown + "\"")
              .hasMessageContaining("percent-encode '/' as %2F, '?' as %3F and '#' as %23");
          for (String piece : List.of("default", "123", "abc")) {
            assertThat(thrown.getMessage()).as(uri).doesNotContain(piece);
            assertThat(thrown.toString()).as(uri).doesNotContain(piece);
          }
        });
  }

  @Test
  void anAtSignInAUnixSocketPathOrAnOptionValueIsKept() {
    StorageUri socket = StorageUri.parse("redis+unix:///run/redis@6379/redis.sock?db=1");
    assertThat(socket.path()).isEqualTo("/run/redis@6379/redis.sock");
    assertThat(socket).hasToString("redis+unix:///run/redis@6379/redis.sock?db=1");
    StorageUri withPassword = StorageUri.parse("redis+unix://:pw@/run/redis@6379/redis.sock");
    assertThat(withPassword.password()).contains("pw");
    assertThat(withPassword.path()).isEqualTo("/run/redis@6379/redis.sock");
    assertThat(withPassword).hasToString("redis+unix://:****@/run/redis@6379/redis.sock");
    StorageUri option = StorageUri.parse("redis://default:123@h:6379/0?client_name=a@b");
    assertThat(option.password()).contains("123");
    assertThat(option.options()).containsEntry("client_name", "a@b");
    assertThat(option).hasToString("redis://default:****@h:6379/0?client_name=a%40b");
    assertThat(StorageUri.parse("redis://h:6379/0?client_name=a@b").options())
        .containsEntry("client_name", "a@b");
  }

  @Test
  void errorsNeverShowThePassword() {
    for (String uri :
        List.of(
            "redis://user:hunter2@host:abc",
            "redis://:hunter2@:6379",
            "hunter2@host",
            "redis://u:hunter2@[::1",
            "redis://u:hunter2@host?a=1&a=2",
            "redis://u:hunter2%zz@host",
            "redis://u:hunter2@host#x",
            "redis://u:hunter2@host:0")) {
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
