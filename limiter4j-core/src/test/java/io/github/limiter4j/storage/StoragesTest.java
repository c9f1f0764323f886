package io.github.limiter4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoragesTest {
  @Test
  void memoryIsAlwaysAvailable() {
    assertThat(Storages.availableSchemes()).contains("memory");
    try (Storage storage = Storages.fromUri("memory://")) {
      assertThat(storage).isInstanceOf(MemoryStorage.class);
      RateLimiter limiter = RateLimiter.of(Strategy.MOVING_WINDOW, storage);
      assertThat(limiter.hit(RateLimitItem.of(1, Granularity.MINUTE), "k")).isTrue();
    }
  }

  @Test
  void memoryOptionsComeFromTheUriOrTheMap() {
    try (Storage storage = Storages.fromUri("memory://?maximum-keys=5&cleanup-interval=0")) {
      assertThat(((MemoryStorage) storage).maximumKeys()).isEqualTo(5);
    }
    try (Storage storage = Storages.fromUri("memory://", Map.of("maximum_keys", 7L))) {
      assertThat(((MemoryStorage) storage).maximumKeys()).isEqualTo(7);
    }
  }

  @Test
  void memoryRejectsHostsAndUnknownOptions() {
    assertThatThrownBy(() -> Storages.fromUri("memory://localhost:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid storage URI \"memory://localhost:1\": memory:// takes no host or path");
    assertThatThrownBy(() -> Storages.fromUri("memory://?size=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown option \"size\" for memory storage");
    assertThatThrownBy(() -> Storages.fromUri("memory://?maximum-keys=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumKeys must be 1 or more but was 0");
  }

  @Test
  void aKnownBackendWithoutItsModuleNamesTheModule() {
    assertThatThrownBy(() -> Storages.fromUri("redis://:pw@localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid storage URI \"redis://:****@localhost:6379\": the redis:// storage needs the"
                + " limiter4j-redis module on the class path (io.github.limiter4j:limiter4j-redis)");
    assertThatThrownBy(() -> Storages.fromUri("valkey+sentinel://h:26379/mymaster"))
        .hasMessageContaining("limiter4j-redis");
    assertThatThrownBy(() -> Storages.fromUri("memcached://localhost:11211"))
        .hasMessageContaining("limiter4j-memcached");
    assertThatThrownBy(() -> Storages.fromUri("mongodb+srv://cluster.example"))
        .hasMessageContaining("limiter4j-mongodb");
  }

  @Test
  void anUnknownSchemeListsTheKnownOnes() {
    assertThatThrownBy(() -> Storages.fromUri("etcd://localhost:2379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scheme \"etcd\"; available schemes are memory")
        .hasMessageContaining("redis+cluster")
        .hasMessageContaining("memcached");
  }
}
