package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Undoing a take, which a batch does when a concurrent request took first: the entry must be left
 * as it was before the take, also where the compatibility suite cannot reach (a window the take
 * started, a bucket that rolled over in between, a hit logged before later ones).
 */
class MemoryEntryTest {
  private static final long T = 1_000_000;
  // Long enough for a loaded machine; a take or undo that waits on a paused thread never returns.
  private static final Duration NO_WAITING = Duration.ofSeconds(10);
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

  @Test
  void aTakeDoesNotWaitForAnUndoPausedAfterAbandoningTheWindowItStarted() {
    MemoryEntry.FixedWindow entry = new MemoryEntry.FixedWindow(fivePerSecond);
    entry.take(5, T);
    Object receipt = entry.take(1, T + 2_000);
    assertThat(entry.abandonStarted(receipt, 1)).isTrue(); // the undo pauses here

    Object other = assertTimeoutPreemptively(NO_WAITING, () -> entry.take(2, T + 2_100));
    entry.putBackReplaced(receipt); // the undo resumes: too late, harmlessly

    assertThat(other).isNotIn(MemoryEntry.REFUSED, MemoryEntry.REMOVED);
    assertThat(entry.available(T + 2_100)).isEqualTo(3);
    assertThat(entry.resetAt(T + 2_100))
        .as("the take started its own window, as with no window at all")
        .isEqualTo(T + 3_100);
  }

  @Test
  void undoingATakeThatReplacedAnAbandonedWindowLeavesTheKeyHoldingNothing() {
    MemoryEntry.FixedWindow entry = new MemoryEntry.FixedWindow(fivePerSecond);
    Object paused = entry.take(1, T);
    assertThat(entry.abandonStarted(paused, 1)).isTrue();
    Object receipt = assertTimeoutPreemptively(NO_WAITING, () -> entry.take(2, T + 100));
    entry.undo(receipt, 2); // puts the abandoned window back
    entry.putBackReplaced(paused);

    assertThat(entry.available(T + 100)).isEqualTo(5);
    assertThat(entry.resetAt(T + 100)).isEqualTo(T + 100);
    assertThat(entry.reclaimableAfter()).isEqualTo(Long.MIN_VALUE);
    assertThat(entry.take(5, T + 200)).isNotEqualTo(MemoryEntry.REFUSED);
    assertThat(entry.resetAt(T + 200)).isEqualTo(T + 1_200);
  }

  @Test
  void aSlidingWindowTakeDoesNotWaitForARollOverPausedAfterFreezingTheBucket() {
    MemoryEntry.SlidingWindow entry = new MemoryEntry.SlidingWindow(fivePerSecond);
    long bucket = T - T % 1_000 + 1_000;
    entry.take(2, bucket + 100);
    entry.freezeCurrentForTest(); // a roll-over pauses here

    // A thread whose clock is still in the frozen bucket, as a slow one can be.
    Object other = assertTimeoutPreemptively(NO_WAITING, () -> entry.take(1, bucket + 900));

    assertThat(other).isNotIn(MemoryEntry.REFUSED, MemoryEntry.REMOVED);
    assertThat(entry.available(bucket + 1_000)).isEqualTo(2);
  }

  @Test
  void undoingASlidingWindowTakeDoesNotWaitForARollOverPausedAfterFreezingItsBucket() {
    MemoryEntry.SlidingWindow entry = new MemoryEntry.SlidingWindow(fivePerSecond);
    long bucket = T - T % 1_000 + 1_000;
    Object receipt = entry.take(4, bucket + 100);
    entry.take(1, bucket + 200);
    entry.freezeCurrentForTest(); // a roll-over pauses here

    assertTimeoutPreemptively(NO_WAITING, () -> entry.undo(receipt, 4));

    assertThat(entry.available(bucket + 1_000)).isEqualTo(4);
    assertThat(entry.hit(1, bucket + 1_000)).isEqualTo(MemoryEntry.TAKEN);
    MemoryEntry withoutTheUndoneTake = new MemoryEntry.SlidingWindow(fivePerSecond);
    withoutTheUndoneTake.take(1, bucket + 200);
    withoutTheUndoneTake.hit(1, bucket + 1_000);
    assertThat(entry.available(bucket + 1_000)).isEqualTo(3);
    assertThat(entry.resetAt(bucket + 1_000))
        .isEqualTo(withoutTheUndoneTake.resetAt(bucket + 1_000));
  }
}
