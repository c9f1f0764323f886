package io.github.limiter4j.web;

import java.util.Objects;

/**
 * One setting of a limiter as {@code limiter config} and the Actuator endpoint show it. Names are
 * those of the {@code ratelimit.*} properties without the prefix, one for each of Flask-Limiter's
 * {@code RATELIMIT_*} settings; secrets in storage URIs and options are masked.
 *
 * @param section the group the setting belongs to, such as {@code Storage}
 * @param name the setting's name, such as {@code storage-uri}
 * @param value the effective value, as text
 */
public record ConfigurationEntry(String section, String name, String value) {
  /** Checks the arguments. */
  public ConfigurationEntry {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
