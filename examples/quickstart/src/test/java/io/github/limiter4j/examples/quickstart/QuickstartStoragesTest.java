package io.github.limiter4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.Storages;
import org.junit.jupiter.api.Test;

/**
 * The quick start carries every storage module, so that {@code ratelimit.storage-uri} can name any
 * backend (the kitchensink's KitchensinkStoragesTest starts on each of them).
 */
class QuickstartStoragesTest {
  @Test
  void everyBackendsSchemeHasItsProviderOnTheClassPath() {
    assertThat(Storages.availableSchemes())
        .contains(
            "memory",
            "redis",
            "rediss",
            "redis+unix",
            "redis+cluster",
            "redis+sentinel",
            "valkey",
            "memcached",
            "mongodb",
            "mongodb+srv");
  }
}
