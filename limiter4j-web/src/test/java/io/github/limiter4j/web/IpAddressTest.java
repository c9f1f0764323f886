package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.testing.RandomCases;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void readsAndWritesIpv4() {
    assertThat(IpAddress.format(IpAddress.parse("192.0.2.1"))).isEqualTo("192.0.2.1");
    assertThat(IpAddress.format(IpAddress.parse("0.0.0.0"))).isEqualTo("0.0.0.0");
    assertThat(IpAddress.format(IpAddress.parse("255.255.255.255"))).isEqualTo("255.255.255.255");
  }

  @Test
  void writesIpv6InOneCanonicalFormHoweverItWasWritten() {
    assertThat(canonical("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
    assertThat(canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
    assertThat(canonical("::")).isEqualTo("::");
    assertThat(canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(canonical("1:2:3:4:5:6:7::")).isEqualTo("1:2:3:4:5:6:7:0");
    assertThat(canonical("fe80::1%eth0")).isEqualTo("fe80::1");
    assertThat(canonical("::1.2.3.4")).isEqualTo("::102:304");
  }

  @Test
  void takesAnIpv4MappedAddressAsTheIpv4AddressItCarries() {
    assertThat(canonical("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(canonical("::FFFF:c000:0201")).isEqualTo("192.0.2.1");
  }

  @Test
  void readsNothingButAddressLiterals() {
    for (String text :
        new String[] {
          "",
          "1.2.3",
          "1.2.3.4.5",
          "256.1.1.1",
          "1.2.3.-4",
          "1..2.3",
          " 1.2.3.4",
          "1.2.3.4 ",
          "localhost",
          "example.com",
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          ":1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:",
          "12345::",
          "::g",
          "1:2:3:4:5:6:7:8::",
          "fe80::1%",
          "1.2.3.4:80",
          "[::1]",
          "unknown",
          "\u0661.2.3.4",
          "\uff11::",
          "::ffff:1.2.3",
          "1.2.3.4::"
        }) {
      assertThat(IpAddress.parse(text)).as(text).isNull();
    }
  }

  @Test
  void everyIpv6AddressReadsBackFromItsWrittenForm() {
    RandomCases.check(
        10_000,
        random -> {
          byte[] address = ipv6Address(random);
          String written = IpAddress.format(address);
          byte[] read = IpAddress.parse(written);
          byte[] expected = InetAddress.getByAddress(address).getAddress(); // mapped: IPv4
          assertThat(read).as(written).isEqualTo(expected);
          // The JDK reads the same address from our form, and ours from the JDK's long form.
          assertThat(InetAddress.getByName(written).getAddress()).as(written).isEqualTo(expected);
          assertThat(IpAddress.parse(InetAddress.getByAddress(address).getHostAddress()))
              .as(written)
              .isEqualTo(expected);
        });
  }

  @Test
  void everyIpv4AddressReadsBackFromItsWrittenForm() {
    RandomCases.check(
        2_000,
        random -> {
          byte[] address = new byte[4];
          for (int i = 0; i < address.length; i++) {
            address[i] = anyByte(random);
          }
          assertThat(IpAddress.parse(IpAddress.format(address))).isEqualTo(address);
        });
  }

  /**
   * An IPv6 address with the shapes its written form depends on: runs of zero groups of every
   * length and place, small and large groups, and IPv4-mapped and -compatible addresses.
   */
  private static byte[] ipv6Address(RandomGenerator random) {
    byte[] address = new byte[16];
    for (int group = 0; group < 8; group++) {
      int value =
          switch (random.nextInt(4)) {
            case 0, 1 -> 0;
            case 2 -> random.nextInt(1, 0x100);
            default -> random.nextInt(0x10000);
          };
      address[2 * group] = (byte) (value >>> 8);
      address[2 * group + 1] = (byte) value;
    }
    if (random.nextInt(8) == 0) {
      // ::ffff:a.b.c.d (mapped) or ::a.b.c.d (compatible)
      Arrays.fill(address, 0, 12, (byte) 0);
      if (random.nextBoolean()) {
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
      }
    }
    return address;
  }

  /** A byte, 0 and 255 more often than the others. */
  private static byte anyByte(RandomGenerator random) {
    return switch (random.nextInt(8)) {
      case 0 -> 0;
      case 1 -> (byte) 0xff;
      default -> (byte) random.nextInt(0x100);
    };
  }

  @Test
  void rangesContainTheAddressesOfTheirBlock() {
    IpRange tens = IpRange.parse("10.0.0.0/8");
    assertThat(tens.contains(IpAddress.parse("10.255.1.2"))).isTrue();
    assertThat(tens.contains(IpAddress.parse("11.0.0.0"))).isFalse();
    assertThat(tens.contains(IpAddress.parse("::ffff:10.1.1.1"))).isTrue();
    assertThat(tens.contains(IpAddress.parse("a00::"))).isFalse();
    IpRange odd = IpRange.parse("192.168.0.0/23");
    assertThat(odd.contains(IpAddress.parse("192.168.1.255"))).isTrue();
    assertThat(odd.contains(IpAddress.parse("192.168.2.0"))).isFalse();
    IpRange ula = IpRange.parse("fd00::/8");
    assertThat(ula.contains(IpAddress.parse("fdab::1"))).isTrue();
    assertThat(ula.contains(IpAddress.parse("fe00::1"))).isFalse();
    assertThat(IpRange.parse("127.0.0.1").contains(IpAddress.parse("127.0.0.2"))).isFalse();
    assertThat(IpRange.parse("0.0.0.0/0").contains(IpAddress.parse("8.8.8.8"))).isTrue();
    assertThat(IpRange.parse("::ffff:10.0.0.0/104").contains(IpAddress.parse("10.9.9.9"))).isTrue();
  }

  @Test
  void rangesAreWrittenAsTheirBlock() {
    assertThat(IpRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    assertThat(IpRange.parse(" ::1 ")).hasToString("::1/128");
  }

  @Test
  void aRangeThatIsNotOneIsRefusedByName() {
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"10.0.0.0/33\": the prefix length after '/' must be 0 to 32");
    assertThatThrownBy(() -> IpRange.parse("fd00::/129"))
        .hasMessage("\"fd00::/129\": the prefix length after '/' must be 0 to 128");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/")).hasMessageContaining("must be 0 to 32");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/+8")).hasMessageContaining("must be 0 to 32");
    assertThatThrownBy(() -> IpRange.parse("proxy.internal"))
        .hasMessage(
            "\"proxy.internal\" is not an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8");
    assertThatThrownBy(() -> IpRange.parse("::ffff:10.0.0.0/8"))
        .hasMessageContaining("an IPv4-mapped block needs a prefix length of 96 to 128");
  }

  private static String canonical(String text) {
    return IpAddress.format(IpAddress.parse(text));
  }
}
