package io.github.limiter4j.web;

import java.util.Objects;

/**
 * A compiled route path pattern: literal segments, {@code {name}} or {@code *}, and a final {@code
 * **} or {@code {*name}}.
 */
final class PathPattern {
  private final String pattern;
  private final String[] segments;
  private final boolean rest;
  private final int literals;

  private PathPattern(String pattern, String[] segments, boolean rest, int literals) {
    this.pattern = pattern;
    this.segments = segments;
    this.rest = rest;
    this.literals = literals;
  }

  static PathPattern compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException(
          "path pattern \"" + pattern + "\" must start with /, such as /users/{id}");
    }
    String[] parts = split(pattern);
    // A final {*name} (Spring's capture of the rest of the path) matches as ** does: any depth.
    boolean rest = parts.length > 0 && isRest(parts[parts.length - 1]);
    int count = rest ? parts.length - 1 : parts.length;
    String[] segments = new String[count];
    int literals = 0;
    for (int i = 0; i < count; i++) {
      String part = parts[i];
      if (part.equals("**")) {
        throw new IllegalArgumentException(
            "path pattern \"" + pattern + "\" may use ** only as its last segment");
      }
      if (part.equals("*") || (part.startsWith("{") && part.endsWith("}") && part.length() > 2)) {
        segments[i] = null;
      } else if (part.contains("{") || part.contains("}") || part.contains("*")) {
        throw new IllegalArgumentException(
            "path pattern \"" + pattern + "\" has a malformed segment \"" + part + "\"");
      } else {
        segments[i] = part;
        literals++;
      }
    }
    return new PathPattern(pattern, segments, rest, literals);
  }

  private static boolean isRest(String part) {
    return part.equals("**") || (part.startsWith("{*") && part.endsWith("}") && part.length() > 3);
  }

  boolean matches(String path) {
    String[] parts = split(path);
    if (rest ? parts.length < segments.length : parts.length != segments.length) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      if (segments[i] != null && !segments[i].equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  /** Orders patterns from the most specific: more literal segments, then no trailing **. */
  int specificity() {
    return literals * 4 + segments.length * 2 + (rest ? 0 : 1);
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
