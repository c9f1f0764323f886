package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressKeyTest {
  private final ClientAddressKey behindProxies =
      ClientAddressKey.builder().trustedProxies("10.0.0.0/8", "fd00::/8").build();

  @Test
  void withoutTrustedProxiesTheClientIsThePeerWhateverItsHeadersSay() {
    ClientAddressKey key = ClientAddressKey.builder().build();

    assertThat(key.key(from("192.0.2.7", "X-Forwarded-For", "203.0.113.9"))).isEqualTo("192.0.2.7");
  }

  @Test
  void aPeerThatIsNotTrustedIsTheClientWhateverItsHeadersSay() {
    assertThat(behindProxies.key(from("192.0.2.7", "X-Forwarded-For", "203.0.113.9")))
        .isEqualTo("192.0.2.7");
  }

  @Test
  void behindATrustedProxyTheRightmostUntrustedAddressIsTheClient() {
    // The client forged the first two entries; the proxy appended the address it saw.
    WebRequest request =
        from("10.0.0.2", "X-Forwarded-For", "1.1.1.1, 10.0.0.9, 198.51.100.4, 10.0.0.3");

    assertThat(behindProxies.key(request)).isEqualTo("198.51.100.4");
  }

  @Test
  void everyOccurrenceOfTheHeaderCountsInOrder() {
    WebRequest request =
        from("10.0.0.2", "X-Forwarded-For", "198.51.100.4", "X-Forwarded-For", "10.0.0.3");

    assertThat(behindProxies.key(request)).isEqualTo("198.51.100.4");
  }

  @Test
  void whenEveryAddressIsTrustedTheLeftmostIsTheClient() {
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", "10.1.1.1, 10.0.0.3")))
        .isEqualTo("10.1.1.1");
    assertThat(behindProxies.key(from("10.0.0.2"))).isEqualTo("10.0.0.2");
  }

  @Test
  void anEntryThatIsNotAnAddressIsTheKeyAsATrustedProxyWroteIt() {
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", "1.1.1.1, unknown, 10.0.0.3")))
        .isEqualTo("unknown");
  }

  @Test
  void anEmptyEntryGivesTheKeyOfTheProxyThatWroteIt() {
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", "1.1.1.1, , 10.0.0.3")))
        .isEqualTo("10.0.0.3");
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", ""))).isEqualTo("10.0.0.2");
  }

  @Test
  void portsAndBracketsAreNotPartOfTheAddress() {
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", "198.51.100.4:5123")))
        .isEqualTo("198.51.100.4");
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", "[2001:DB8::0:7]:443")))
        .isEqualTo("2001:db8::7");
  }

  @Test
  void oneClientHasOneKeyHoweverItsAddressIsWritten() {
    assertThat(behindProxies.key(from("2001:0db8:0:0:0:0:0:7"))).isEqualTo("2001:db8::7");
    assertThat(behindProxies.key(from("::ffff:198.51.100.4"))).isEqualTo("198.51.100.4");
    assertThat(behindProxies.key(from("0:0:0:0:0:ffff:a00:2", "X-Forwarded-For", "192.0.2.1")))
        .isEqualTo("192.0.2.1");
  }

  @Test
  void readsTheForwardedHeaderOfRfc7239WhenToldTo() {
    ClientAddressKey key =
        ClientAddressKey.builder()
            .trustedProxies("10.0.0.0/8")
            .forwardedHeader("forwarded")
            .build();
    WebRequest request =
        from(
            "10.0.0.2",
            "Forwarded",
            "for=1.1.1.1, For=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.5",
            "Forwarded",
            "for=10.0.0.3;host=\"a,b;c\"");

    assertThat(key.key(request)).isEqualTo("2001:db8:cafe::17");
    assertThat(key.key(from("10.0.0.2", "Forwarded", "for=_hidden;proto=http")))
        .isEqualTo("_hidden");
    assertThat(key.key(from("10.0.0.2", "Forwarded", "proto=https"))).isEqualTo("10.0.0.2");
    assertThat(key.key(from("10.0.0.2", "Forwarded", "for=\"198.51.100.4")))
        .isEqualTo("198.51.100.4");
    assertThat(key.key(from("10.0.0.2", "X-Forwarded-For", "198.51.100.4"))).isEqualTo("10.0.0.2");
  }

  @Test
  void keysIpv6ClientsByTheirBlockWhenAPrefixLengthIsSet() {
    ClientAddressKey key = ClientAddressKey.builder().ipv6PrefixLength(64).build();

    assertThat(key.key(from("2001:db8:1:2:aaaa::1"))).isEqualTo("2001:db8:1:2::/64");
    assertThat(key.key(from("2001:db8:1:2:bbbb::9"))).isEqualTo("2001:db8:1:2::/64");
    assertThat(key.key(from("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
    assertThat(key.key(from("198.51.100.4"))).isEqualTo("198.51.100.4");
  }

  @Test
  void aPeerThatIsNotAnIpAddressIsKeyedAsItIs() {
    assertThat(behindProxies.key(from("/run/app.sock", "X-Forwarded-For", "1.1.1.1")))
        .isEqualTo("/run/app.sock");
  }

  @Test
  void aHugeForgedHeaderIsReadOnlyAsFarAsTheTrustedChainReaches() {
    StringBuilder forged = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      forged.append("10.0.").append(i % 250).append(".1, ");
    }
    forged.append("198.51.100.4, 10.0.0.3");

    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", forged.toString())))
        .isEqualTo("198.51.100.4");
    assertThat(behindProxies.key(from("10.0.0.2", "X-Forwarded-For", "x".repeat(100_000))))
        .isEqualTo("x".repeat(100_000));
  }

  @Test
  void describesItself() {
    assertThat(ClientAddressKey.builder().ipv6PrefixLength(56).build())
        .hasToString("client address, IPv6 by /56");
    assertThat(behindProxies)
        .hasToString("client address (X-Forwarded-For from [10.0.0.0/8, fd00::/8])");
    assertThat(behindProxies.trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8");
    assertThat(behindProxies.forwardedHeader()).isEqualTo("X-Forwarded-For");
    assertThat(behindProxies.ipv6PrefixLength()).isEqualTo(128);
  }

  @Test
  void refusesWhatIsNotATrustedProxyOrAPrefixLength() {
    assertThatThrownBy(() -> ClientAddressKey.builder().trustedProxies("10.0.0.0/8", "10.0.0.0/40"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"10.0.0.0/40\": the prefix length after '/' must be 0 to 32");
    assertThatThrownBy(() -> ClientAddressKey.builder().ipv6PrefixLength(0))
        .hasMessage("the IPv6 prefix length must be 1 to 128 but was 0");
    assertThatThrownBy(() -> ClientAddressKey.builder().forwardedHeader(" "))
        .hasMessage("the forwarded header name must not be blank");
    ClientAddressKey.Builder builder = ClientAddressKey.builder();
    builder.build();
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  /** A request from {@code peer} with header name and value pairs, names in any case. */
  private static WebRequest from(String peer, String... headerPairs) {
    return new WebRequest() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return "/";
      }

      @Override
      public String remoteAddress() {
        return peer;
      }

      @Override
      public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
      }

      @Override
      public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
          if (headerPairs[i].equalsIgnoreCase(name)) {
            values.add(headerPairs[i + 1]);
          }
        }
        return values;
      }

      @Override
      public String parameter(String name) {
        return null;
      }

      @Override
      public <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
      }
    };
  }
}
