package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyWarningTest {
  private static final TestApp.Request FROM_PROXY =
      new TestApp.Request("GET", "/", "10.0.0.2", Map.of("X-Forwarded-For", "198.51.100.4"));

  @Test
  void warnsOnceWhenKeyedByThePeerBehindWhatLooksLikeAProxy() {
    ProxyWarning warning = new ProxyWarning(KeyFunction.remoteAddress());

    assertThat(warning.check(FROM_PROXY)).isTrue();
    assertThat(warning.check(FROM_PROXY)).isFalse();
  }

  @Test
  void takesTheStandardForwardedHeaderForAProxyToo() {
    ProxyWarning warning = new ProxyWarning(KeyFunction.remoteAddress());

    assertThat(warning.check(FROM_PROXY.withHeader("X-Forwarded-For", null))).isFalse();
    assertThat(warning.check(new TestApp.Request("GET", "/", "::1", Map.of("Forwarded", "for=x"))))
        .isTrue();
  }

  @Test
  void aPublicPeerWithAForwardedHeaderIsAClientNotAProxy() {
    ProxyWarning warning = new ProxyWarning(KeyFunction.remoteAddress());

    assertThat(warning.check(FROM_PROXY.from("203.0.113.9"))).isFalse();
    assertThat(warning.check(FROM_PROXY)).isTrue();
  }

  @Test
  void staysQuietWhenTheKeyFunctionIsNotThePeersAddress() {
    assertThat(new ProxyWarning(ClientAddressKey.builder().build()).check(FROM_PROXY)).isFalse();
    assertThat(new ProxyWarning(request -> "user").check(FROM_PROXY)).isFalse();
  }

  @Test
  void looksOnlyAtTheFirstRequests() {
    ProxyWarning warning = new ProxyWarning(KeyFunction.remoteAddress());
    TestApp.Request direct = FROM_PROXY.from("203.0.113.9");
    for (int i = 0; i < ProxyWarning.REQUESTS_CHECKED; i++) {
      warning.check(direct);
    }

    assertThat(warning.check(FROM_PROXY)).isFalse();
  }

  @Test
  void knowsWhereProxiesTalkFrom() {
    for (String address :
        new String[] {
          "10.1.2.3", "127.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.1.1",
          "100.64.0.1", "::1", "fd12::1", "fc00::1", "fe80::1", "::ffff:10.0.0.1"
        }) {
      assertThat(IpAddress.isPrivate(IpAddress.parse(address))).as(address).isTrue();
    }
    for (String address :
        new String[] {
          "8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:db8::1", "::2"
        }) {
      assertThat(IpAddress.isPrivate(IpAddress.parse(address))).as(address).isFalse();
    }
    assertThat(IpAddress.isPrivate(null)).isFalse();
  }
}
