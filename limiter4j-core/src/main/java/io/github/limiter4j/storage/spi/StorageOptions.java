package io.github.limiter4j.storage.spi;

import io.github.limiter4j.storage.StorageUri;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options a storage is created with: those of the URI's query, overridden by those given in
 * code or configuration. Names are compared ignoring case, with {@code _} and {@code -} alike, so
 * {@code maximum_keys} and {@code maximum-keys} are one option. Immutable.
 */
public final class StorageOptions {
  private static final StorageOptions EMPTY = new StorageOptions(Map.of());

  private final Map<String, Object> values;

  private StorageOptions(Map<String, Object> values) {
    this.values = values;
  }

  /** Returns options without any value. */
  public static StorageOptions empty() {
    return EMPTY;
  }

  /**
   * Returns the options of {@code uri}'s query, overridden by {@code overrides}.
   *
   * @throws IllegalArgumentException if two names of the URI, or two names given in code, are the
   *     same option
   */
  public static StorageOptions of(StorageUri uri, Map<String, ?> overrides) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(overrides, "overrides");
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, String> spellings = new HashMap<>();
    uri.options()
        .forEach(
            (name, value) -> {
              String key = normalize(name);
              // The URI refuses an option written twice alike; two spellings are the same mistake.
              String earlier = spellings.putIfAbsent(key, name);
              if (earlier != null) {
                throw uri.invalid(
                    "option \""
                        + key
                        + "\" is given twice (as \""
                        + earlier
                        + "\" and \""
                        + name
                        + "\")");
              }
              merged.put(key, value);
            });
    Set<String> seen = new TreeSet<>();
    overrides.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "option name");
          Objects.requireNonNull(value, () -> "value of option " + name);
          String key = normalize(name);
          if (!seen.add(key)) {
            throw new IllegalArgumentException(
                "Storage option \"" + name + "\" is given twice under different spellings");
          }
          merged.put(key, value);
        });
    return merged.isEmpty() ? EMPTY : new StorageOptions(Collections.unmodifiableMap(merged));
  }

  /** Returns the normalized names of the options given. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Returns true if the option is given. */
  public boolean has(String name) {
    return values.containsKey(normalize(name));
  }

  /** Returns the option as text, or {@code defaultValue} if it is not given. */
  public String getString(String name, String defaultValue) {
    Objects.requireNonNull(defaultValue, "defaultValue");
    return getString(name).orElse(defaultValue);
  }

  /** Returns the option as text; empty if it is not given. */
  public Optional<String> getString(String name) {
    Object value = values.get(normalize(name));
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }

  /**
   * Returns the option as a whole number, or {@code defaultValue} if it is not given.
   *
   * @throws IllegalArgumentException if the value is not a whole number
   */
  public long getLong(String name, long defaultValue) {
    Object value = values.get(normalize(name));
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      throw bad(name, value, "a whole number");
    }
  }

  /**
   * Returns the option as a boolean ({@code true}/{@code false}, {@code yes}/{@code no}, {@code
   * 1}/{@code 0}), or {@code defaultValue} if it is not given.
   *
   * @throws IllegalArgumentException if the value is none of these
   */
  public boolean getBoolean(String name, boolean defaultValue) {
    Object value = values.get(normalize(name));
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    switch (value.toString().strip().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw bad(name, value, "true or false");
    }
  }

  /**
   * Returns the option as a duration, or {@code defaultValue} if it is not given. Accepts a {@link
   * Duration}, a number of milliseconds, a number with a unit ({@code 250ms}, {@code 2s}, {@code
   * 5m}, {@code 1h}) or ISO-8601 ({@code PT2S}).
   *
   * @throws IllegalArgumentException if the value is none of these, or negative
   */
  public Duration getDuration(String name, Duration defaultValue) {
    Objects.requireNonNull(defaultValue, "defaultValue");
    return getDuration(name).orElse(defaultValue);
  }

  /**
   * Returns the option as a duration; empty if it is not given. Accepts what {@link
   * #getDuration(String, Duration)} accepts.
   *
   * @throws IllegalArgumentException if the value is none of these, or negative
   */
  public Optional<Duration> getDuration(String name) {
    Object value = values.get(normalize(name));
    if (value == null) {
      return Optional.empty();
    }
    Duration duration;
    if (value instanceof Duration) {
      duration = (Duration) value;
    } else if (value instanceof Long || value instanceof Integer) {
      duration = Duration.ofMillis(((Number) value).longValue());
    } else {
      duration = parseDuration(name, value);
    }
    if (duration.isNegative()) {
      throw bad(name, value, "a duration of 0 or more");
    }
    return Optional.of(duration);
  }

  /**
   * Returns the option as an object of {@code type} (for options given in code, such as an SSL
   * context); empty if it is not given.
   *
   * @throws IllegalArgumentException if the value is of another type
   */
  public <T> Optional<T> getObject(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    Object value = values.get(normalize(name));
    if (value == null) {
      return Optional.empty();
    }
    if (!type.isInstance(value)) {
      throw bad(name, value.getClass().getName(), "a " + type.getName());
    }
    return Optional.of(type.cast(value));
  }

  /**
   * Checks that every option given is one of {@code known}.
   *
   * @param backend the storage's name for the message, such as {@code "memory storage"}
   * @throws IllegalArgumentException naming the unknown option and the known ones
   */
  public void requireKnown(Collection<String> known, String backend) {
    Set<String> normalizedKnown = new TreeSet<>();
    known.forEach(name -> normalizedKnown.add(normalize(name)));
    for (String name : values.keySet()) {
      if (!normalizedKnown.contains(name)) {
        throw new IllegalArgumentException(
            "Unknown option \""
                + name
                + "\" for "
                + backend
                + (normalizedKnown.isEmpty()
                    ? ", which takes no options"
                    : "; known options are " + String.join(", ", normalizedKnown)));
      }
    }
  }

  /** Returns the options with secret values masked. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    values.forEach(
        (name, value) ->
            text.append(text.length() == 1 ? "" : ", ")
                .append(name)
                .append('=')
                .append(StorageUri.isSecretOption(name) ? "****" : value));
    return text.append('}').toString();
  }

  private static Duration parseDuration(String name, Object value) {
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt") || text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      int unitStart = 0;
      while (unitStart < text.length() && Character.isDigit(text.charAt(unitStart))) {
        unitStart++;
      }
      if (unitStart == 0) {
        throw bad(name, value, "a duration such as 500ms, 2s or PT2S");
      }
      long amount = Long.parseLong(text.substring(0, unitStart));
      switch (text.substring(unitStart).strip()) {
        case "":
        case "ms":
          return Duration.ofMillis(amount);
        case "s":
          return Duration.ofSeconds(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        default:
          throw bad(name, value, "a duration such as 500ms, 2s or PT2S");
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw bad(name, value, "a duration such as 500ms, 2s or PT2S");
    }
  }

  private static String normalize(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static IllegalArgumentException bad(String name, Object value, String expected) {
    String shown = StorageUri.isSecretOption(name) ? "****" : String.valueOf(value);
    return new IllegalArgumentException(
        "Storage option \"" + name + "\" must be " + expected + " but was \"" + shown + "\"");
  }
}
