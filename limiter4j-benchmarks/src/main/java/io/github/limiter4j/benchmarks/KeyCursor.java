package io.github.limiter4j.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Each benchmark thread's position in a sequence of keys. */
@State(Scope.Thread)
public class KeyCursor {
  private int next;

  /** Creates the cursor; JMH starts it. */
  public KeyCursor() {}

  /** Returns the index of the next key of {@code keys}. */
  int nextIndex(int keys) {
    // A stride coprime with the key count walks all keys in a cache-unfriendly order.
    next = (next + 7_919) % keys;
    return next;
  }

  /** Starts threads at different keys. */
  @Setup(Level.Trial)
  public void start() {
    next = (int) (Thread.currentThread().getId() * 31 % 1_000);
  }
}
