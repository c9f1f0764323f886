package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.spi.WindowStore;
import org.junit.jupiter.api.Test;

class StorageTest {
  @Test
  void aDecoratorPrefersHashTaggedKeysWhenTheStorageItWrapsDoes() {
    try (MemoryStorage memory = MemoryStorage.builder().build()) {
      Storage cluster = new Decorator(memory, true);

      assertThat(memory.prefersHashTaggedKeys()).isFalse();
      assertThat(new Decorator(memory, false).prefersHashTaggedKeys()).isFalse();
      assertThat(new Decorator(cluster, false).prefersHashTaggedKeys()).isTrue();
    }
  }

  /** Wraps a storage, as a timing or failing decorator does; optionally a cluster itself. */
  private static final class Decorator implements Storage {
    private final Storage delegate;
    private final boolean cluster;

    Decorator(Storage delegate, boolean cluster) {
      this.delegate = delegate;
      this.cluster = cluster;
    }

    @Override
    public WindowStore fixedWindow() {
      return delegate.fixedWindow();
    }

    @Override
    public boolean prefersHashTaggedKeys() {
      return cluster || Storage.super.prefersHashTaggedKeys();
    }

    @Override
    public Storage unwrap() {
      return cluster ? this : delegate.unwrap();
    }

    @Override
    public boolean isHealthy() {
      return delegate.isHealthy();
    }

    @Override
    public long reset() {
      return delegate.reset();
    }

    @Override
    public void close() {}
  }
}
