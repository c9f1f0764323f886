package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import org.junit.jupiter.api.Test;

/**
 * Undoing a take, which a batch does when a concurrent request took first: the entry must be left
 * as it was before the take, also where the compatibility suite cannot reach (a window the take
 * started, a bucket that rolled over in between, a hit logged before later ones).
 */
class MemoryEntryTest {
  private static final long T = 1_000_000;
  private final RateLimitItem fivePerSecond = RateLimitItem.of(5, Granularity.SECOND);

  @Test
  void undoingTheTakeThatStartedAFixedWindowLeavesNoWindow() {
    MemoryEntry entry = new MemoryEntry.FixedWindow(fivePerSecond);
    Object receipt = entry.take(2, T);
    entry.undo(receipt, 2);
    assertThat(entry.available(T)).isEqualTo(5);
    assertThat(entry.resetAt(T)).isEqualTo(T);
    assertThat(entry.take(1, T + 300)).isNotEqualTo(MemoryEntry.REFUSED);
    assertThat(entry.resetAt(T + 300)).as("the next take starts the window").isEqualTo(T + 1_300);
  }

  @Test
  void undoingTheTakeThatStartedAFixedWindowPutsBackTheEndedOne() {
    MemoryEntry entry = new MemoryEntry.FixedWindow(fivePerSecond);
    entry.take(5, T);
    Object receipt = entry.take(1, T + 2_000);
    entry.undo(receipt, 1);
    assertThat(entry.reclaimableAfter()).isEqualTo(T + 1_000);
    // A clock one step behind still sees the ended window full, as before the take.
    assertThat(entry.available(T + 500)).isZero();
    assertThat(entry.resetAt(T + 2_000)).isEqualTo(T + 2_000);
  }

  @Test
  void undoingAStartingTakeKeepsTheWindowThatAnotherTakeCountedIn() {
    MemoryEntry entry = new MemoryEntry.FixedWindow(fivePerSecond);
    Object receipt = entry.take(2, T);
    assertThat(entry.hit(1, T + 10)).isEqualTo(MemoryEntry.TAKEN);
    entry.undo(receipt, 2);
    assertThat(entry.available(T + 10)).isEqualTo(4);
    assertThat(entry.resetAt(T + 10)).isEqualTo(T + 1_000);
  }

  @Test
  void undoingASlidingWindowTakeAfterItsBucketRolledOverGivesBackWhatTheNextBucketCarries() {
    MemoryEntry entry = new MemoryEntry.SlidingWindow(fivePerSecond);
    long bucket = T - T % 1_000 + 1_000;
    Object receipt = entry.take(4, bucket + 100);
    assertThat(entry.hit(1, bucket + 1_000)).isEqualTo(MemoryEntry.TAKEN); // rolls over
    entry.undo(receipt, 4);
    assertThat(entry.available(bucket + 1_000)).isEqualTo(4);
    assertThat(entry.resetAt(bucket + 1_000)).isEqualTo(bucket + 2_000);
  }

  @Test
  void undoingAMovingWindowHitLoggedBeforeLaterOnesMovesTheResetToTheOldestHitLeft() {
    MemoryEntry entry = new MemoryEntry.MovingWindow(fivePerSecond);
    Object receipt = entry.take(2, T);
    assertThat(entry.hit(1, T + 100)).isEqualTo(MemoryEntry.TAKEN);
    entry.undo(receipt, 2);
    assertThat(entry.available(T + 100)).isEqualTo(4);
    assertThat(entry.resetAt(T + 100)).isEqualTo(T + 1_100);
    assertThat(entry.reclaimableAfter()).isEqualTo(T + 1_100);
  }

  @Test
  void undoingTheNewestMovingWindowHitLeavesTheLogAsItWas() {
    MemoryEntry entry = new MemoryEntry.MovingWindow(fivePerSecond);
    entry.take(1, T);
    Object receipt = entry.take(3, T + 100);
    entry.undo(receipt, 3);
    assertThat(entry.available(T + 100)).isEqualTo(4);
    assertThat(entry.resetAt(T + 100)).isEqualTo(T + 1_000);
    assertThat(entry.reclaimableAfter()).isEqualTo(T + 1_000);
  }
}
