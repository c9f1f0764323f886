package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata the build generates (META-INF/spring-configuration-metadata.json),
 * which IDEs use to complete and check the ratelimit.* properties.
 */
class ConfigurationMetadataTest {
  private static final Map<String, JsonNode> properties = new LinkedHashMap<>();
  private static final Map<String, List<String>> hints = new LinkedHashMap<>();

  @BeforeAll
  static void readTheGeneratedMetadata() throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    Enumeration<URL> files =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json");
    while (files.hasMoreElements()) {
      JsonNode metadata;
      try (InputStream in = files.nextElement().openStream()) {
        metadata = json.readTree(in);
      }
      for (JsonNode property : metadata.path("properties")) {
        if (property.path("name").asString().startsWith("ratelimit.")) {
          properties.put(property.path("name").asString(), property);
        }
      }
      for (JsonNode hint : metadata.path("hints")) {
        if (hint.path("name").asString().startsWith("ratelimit.")) {
          List<String> values = new ArrayList<>();
          hint.path("values").forEach(value -> values.add(value.path("value").asString()));
          hint.path("providers").forEach(p -> values.add("provider:" + p.path("name").asString()));
          hints.put(hint.path("name").asString(), values);
        }
      }
    }
    assertThat(properties).as("the metadata of this module is on the classpath").isNotEmpty();
  }

  @Test
  void enumeratedPropertiesListTheirValues() {
    assertThat(hints.get("ratelimit.strategy"))
        .contains("fixed-window", "moving-window", "sliding-window-counter");
    assertThat(hints.get("ratelimit.header-retry-after-value"))
        .containsExactly("delta-seconds", "http-date");
    assertThat(hints.get("ratelimit.missing-key"))
        .containsExactly("client-address", "shared", "refuse", "unlimited");
    assertThat(hints.get("ratelimit.missing-key-status")).contains("401", "403");
    assertThat(hints.get("ratelimit.client-address.forwarded-header"))
        .contains("X-Forwarded-For", "Forwarded");
    assertThat(hints.get("ratelimit.paths[*].exempt")).contains("application", "default", "meta");
  }

  @Test
  void headerNamesSuggestTheUsualNames() {
    assertThat(hints.get("ratelimit.header-limit")).contains("X-RateLimit-Limit");
    assertThat(hints.get("ratelimit.header-remaining")).contains("X-RateLimit-Remaining");
    assertThat(hints.get("ratelimit.header-reset")).contains("X-RateLimit-Reset");
    assertThat(hints.get("ratelimit.header-retry-after")).contains("Retry-After");
  }

  @Test
  void functionPropertiesSuggestBeansOfTheirType() {
    assertThat(hints.get("ratelimit.key-func")).contains("provider:spring-bean-reference");
    assertThat(hints.get("ratelimit.defaults-exempt-when"))
        .contains("provider:spring-bean-reference");
    assertThat(hints.get("ratelimit.on-breach-callback"))
        .contains("provider:spring-bean-reference");
  }

  @Test
  void theMissingKeyPropertiesAreDescribedWithTheirDefaults() {
    assertThat(properties.get("ratelimit.missing-key").path("defaultValue").asString())
        .isEqualTo("client-address");
    assertThat(properties.get("ratelimit.missing-key-status").path("defaultValue").asInt())
        .isEqualTo(403);
  }

  @Test
  void eachFieldOfAPathEntryHasAnEntry() {
    assertThat(properties)
        .containsKeys(
            "ratelimit.paths",
            "ratelimit.paths[*].pattern",
            "ratelimit.paths[*].methods",
            "ratelimit.paths[*].limit",
            "ratelimit.paths[*].per-method",
            "ratelimit.paths[*].override-defaults",
            "ratelimit.paths[*].shared-scope",
            "ratelimit.paths[*].exempt");
    assertThat(properties.get("ratelimit.paths[*].pattern").path("description").asString())
        .contains("/api/**");
  }
}
