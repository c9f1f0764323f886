package io.github.limiter4j.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.testing.RandomCases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against a fake server that answers corrupt, truncated and cut-off replies: each is one
 * {@link StorageException} caused by an {@link IOException}, never another exception, and the
 * connection it borrowed goes back to the pool's count, so the pool never runs dry.
 */
class MemcachedCorruptRepliesTest {
  private static final MetaCommand GET = MetaCommand.get("k", false);

  private FakeMemcached server;
  private MemcachedClient client;

  private MemcachedClient clientOf(int maxConnections) throws IOException {
    server = new FakeMemcached();
    client =
        new MemcachedClient(
            List.of(server.address()),
            List.of("fake"),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            maxConnections);
    return client;
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    server.close();
  }

  static Stream<Arguments> corruptReplies() {
    return Stream.of(
        Arguments.of("a negative length", "VA -2\r\n"),
        Arguments.of("a negative length, bytes following", "VA -1 t\r\nxx\r\n"),
        Arguments.of("the largest int as a length", "VA 2147483647\r\n"),
        Arguments.of("a length beyond an int", "VA 99999999999\r\nabc\r\n"),
        Arguments.of("a length beyond any limit's item", "VA 2000000\r\nabc\r\n"),
        Arguments.of("a signed length", "VA +3\r\nabc\r\n"),
        Arguments.of("a non-numeric length", "VA three\r\nabc\r\n"),
        Arguments.of("no length", "VA \r\n"),
        Arguments.of("a value cut off in the middle", "VA 5\r\nab"),
        Arguments.of("a header cut off in the middle", "VA 1"),
        Arguments.of("a value with a wrong terminator", "VA 3\r\nabcXY"),
        Arguments.of("a value with a bare line feed after it", "VA 3\r\nabc\nX"),
        Arguments.of("garbage", "\u0007\u00ff\u0000 ~~ garbage\r\n"),
        Arguments.of("an unknown code", "ZZ 12\r\n"),
        Arguments.of("a code with letters glued on", "HDX\r\n"),
        Arguments.of("a malformed CAS token", "HD cxyz\r\n"),
        Arguments.of("a server error", "SERVER_ERROR out of memory\r\n"),
        Arguments.of("an empty line", "\r\n"),
        Arguments.of("nothing, then the connection closed", ""),
        Arguments.of("a line longer than any answer", "VA " + "7".repeat(100_000) + "\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptReplies")
  void aCorruptReplyFailsAsAStorageExceptionAndTheNextGoodReplyIsRead(String what, String reply)
      throws IOException {
    clientOf(1);
    for (int i = 0; i < 3; i++) {
      server.answerNext(new FakeMemcached.Reply(1, bytes(reply), true));
      assertStorageFailure(catchThrowable(() -> client.execute(List.of(GET))), what);

      server.answerNext(new FakeMemcached.Reply(1, bytes("VA 2\r\nok\r\n"), false));
      List<MetaResponse> answered = client.execute(List.of(GET));
      assertThat(new String(answered.get(0).value(), StandardCharsets.US_ASCII)).isEqualTo("ok");
    }
  }

  @Test
  void aHundredCorruptRepliesLeaveThePoolEveryConnection() throws IOException {
    clientOf(2);
    for (int i = 0; i < 100; i++) {
      server.answerNext(new FakeMemcached.Reply(1, bytes("VA -2\r\n"), true));
      assertStorageFailure(catchThrowable(() -> client.execute(List.of(GET))), "VA -2");
    }
    server.answerNext(new FakeMemcached.Reply(1, bytes("EN\r\n"), false));
    assertThat(client.execute(List.of(GET))).containsExactly(MetaResponse.MISS);
  }

  @Test
  void aPingAndTheCrawlerGiveTheirConnectionBackAfterACorruptReply() throws IOException {
    clientOf(1);
    for (int i = 0; i < 5; i++) {
      server.answerNext(new FakeMemcached.Reply(1, bytes("VA -2\r\n"), true));
      assertThat(client.ping()).isFalse();

      server.answerNext(new FakeMemcached.Reply(1, bytes("key=%zz exp=-1\r\nEND\r\n"), true));
      assertStorageFailure(
          catchThrowable(() -> client.keysStartingWith("LIMITS:", Duration.ofSeconds(2))),
          "a malformed crawler key");
    }
    server.answerNext(new FakeMemcached.Reply(1, bytes("MN\r\n"), false));
    assertThat(client.ping()).isTrue();
  }

  @Test
  void seededRandomCorruptAndTruncatedRepliesOnlyEverFailAsAStorageException() throws IOException {
    clientOf(2);
    // A failing case names its seed; -Dlimiter4j.seed=<that seed> runs it first.
    RandomCases.check(
        1_000,
        random -> {
          int commands = 1 + random.nextInt(3);
          List<MetaCommand> batch = new ArrayList<>();
          ByteArrayOutputStream valid = new ByteArrayOutputStream();
          for (int c = 0; c < commands; c++) {
            batch.add(GET);
            valid.writeBytes(bytes(validReply(random)));
          }
          byte[] reply = corrupt(valid.toByteArray(), random);
          server.answerNext(new FakeMemcached.Reply(commands, reply, true));
          // Any throwable at all, errors too: only a StorageException is right.
          Throwable thrown =
              catchThrowable(() -> assertThat(client.execute(batch)).hasSize(commands));
          if (thrown != null) {
            assertStorageFailure(thrown, "reply " + printable(reply));
          }
        });
    // A reply that parsed left its connection idle, and the server hung up on it: at most one
    // call finds that out.
    server.answerNext(new FakeMemcached.Reply(1, bytes("EN\r\n"), false));
    if (catchThrowable(() -> client.execute(List.of(GET))) != null) {
      server.answerNext(new FakeMemcached.Reply(1, bytes("EN\r\n"), false));
      assertThat(client.execute(List.of(GET))).containsExactly(MetaResponse.MISS);
    }
  }

  private static String validReply(RandomGenerator random) {
    switch (random.nextInt(5)) {
      case 0:
        String value = "x".repeat(random.nextInt(20));
        return "VA "
            + value.length()
            + (random.nextBoolean() ? " c" + random.nextInt(1000) : "")
            + "\r\n"
            + value
            + "\r\n";
      case 1:
        return "VA " + 6 + "\r\n" + (100_000 + random.nextInt(900_000)) + "\r\n";
      case 2:
        return "EN\r\n";
      case 3:
        return "HD c" + Long.toUnsignedString(random.nextLong()) + "\r\n";
      default:
        return "NF\r\n";
    }
  }

  /** A reply broken one way or several: cut short, bytes changed, inserted or dropped. */
  private static byte[] corrupt(byte[] valid, RandomGenerator random) {
    byte[] reply = valid;
    int changes = 1 + random.nextInt(3);
    for (int c = 0; c < changes; c++) {
      switch (random.nextInt(6)) {
        case 0: // truncated
          if (reply.length > 0) {
            reply = java.util.Arrays.copyOf(reply, random.nextInt(reply.length));
          }
          break;
        case 1: // a byte changed, often into one that matters to the protocol
          if (reply.length > 0) {
            reply = reply.clone();
            reply[random.nextInt(reply.length)] = interesting(random);
          }
          break;
        case 2: // bytes inserted
          {
            int at = random.nextInt(reply.length + 1);
            byte[] inserted = new byte[1 + random.nextInt(8)];
            for (int i = 0; i < inserted.length; i++) {
              inserted[i] = interesting(random);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(reply, 0, at);
            out.writeBytes(inserted);
            out.write(reply, at, reply.length - at);
            reply = out.toByteArray();
          }
          break;
        case 3: // a byte dropped
          if (reply.length > 0) {
            int at = random.nextInt(reply.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(reply, 0, at);
            out.write(reply, at + 1, reply.length - at - 1);
            reply = out.toByteArray();
          }
          break;
        case 4: // a length replaced by one out of range or not a number
          {
            String[] lengths = {
              "-1",
              "-2147483648",
              "2147483647",
              "2147483646",
              "1048577",
              "99999999999999999999",
              "",
              "0x10",
              "1e3",
              " 3",
              "\u0663"
            };
            String text = new String(reply, StandardCharsets.UTF_8);
            String length = lengths[random.nextInt(lengths.length)];
            reply = text.replaceFirst("VA [0-9]+", "VA " + length).getBytes(StandardCharsets.UTF_8);
          }
          break;
        default: // noise
          {
            byte[] noise = new byte[random.nextInt(40)];
            for (int i = 0; i < noise.length; i++) {
              noise[i] = interesting(random);
            }
            reply = noise;
          }
          break;
      }
    }
    return reply;
  }

  private static byte interesting(RandomGenerator random) {
    byte[] protocol = {'\r', '\n', ' ', 'V', 'A', 'H', 'D', 'E', 'N', 'c', '-', '0', '9', 0, -1};
    return random.nextBoolean()
        ? protocol[random.nextInt(protocol.length)]
        : (byte) random.nextInt(256);
  }

  private static void assertStorageFailure(Throwable thrown, String what) {
    assertThat(thrown)
        .as("%s: %s", what, thrown)
        .isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("memcached fake failed")
        .cause()
        .isInstanceOf(IOException.class);
    // What the server sent shows cut short and escaped: it cannot flood or forge log lines.
    assertThat(thrown.getMessage())
        .as("%s: %s", what, thrown)
        .hasSizeLessThan(400)
        .doesNotContainPattern("\\p{Cntrl}");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String printable(byte[] reply) {
    StringBuilder text = new StringBuilder();
    for (byte b : reply) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        text.append((char) c);
      } else {
        text.append(String.format("\\x%02x", c));
      }
    }
    return text.toString();
  }
}
