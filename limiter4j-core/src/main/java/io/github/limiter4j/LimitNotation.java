package io.github.limiter4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the rate limit notation; a hand-written scanner so that errors can say what is wrong.
 */
final class LimitNotation {
  private static final String SEPARATORS = ",;|";
  private static final String UNITS = "second, minute, hour, day, month or year";

  private final String input;
  private int pos;

  private LimitNotation(String input) {
    this.input = input;
  }

  static List<RateLimitItem> parseAll(String input) {
    LimitNotation parser = new LimitNotation(input);
    if (input.isBlank()) {
      throw parser.error("it is empty; expected something like \"10/minute\"");
    }
    List<RateLimitItem> items = new ArrayList<>();
    while (true) {
      items.add(parser.item(items.isEmpty()));
      if (parser.pos == input.length()) {
        return List.copyOf(items);
      }
      char separator = input.charAt(parser.pos++);
      if (input.substring(parser.pos).isBlank()) {
        throw parser.error("it ends with the separator '" + separator + "'");
      }
    }
  }

  static RateLimitItem parseOne(String input) {
    List<RateLimitItem> items = parseAll(input);
    if (items.size() != 1) {
      throw new RateLimitParseException(input, "expected a single limit but found " + items.size());
    }
    return items.get(0);
  }

  private RateLimitItem item(boolean first) {
    skipSpaces();
    if (atEnd() || isSeparator(peek())) {
      throw error(
          first
              ? "it starts with a separator"
              : "it has an empty limit between two separators at position " + pos);
    }
    if (peek() == '-') {
      throw error("the count must not be negative");
    }
    if (!Character.isDigit(peek())) {
      throw error("expected a count (a whole number) but found \"" + rest() + "\"");
    }
    long amount = number("count");
    skipSpaces();
    if (!atEnd() && peek() == '.') {
      throw error("the count must be a whole number");
    }
    if (!atEnd() && peek() == '/') {
      pos++;
    } else if (input.regionMatches(true, pos, "per", 0, 3)) {
      pos += 3;
    } else if (atEnd()) {
      throw error("expected '/' or 'per' and a time unit after the count " + amount);
    } else {
      throw error("expected '/' or 'per' after the count but found \"" + rest() + "\"");
    }
    skipSpaces();
    long multiples = 1;
    if (!atEnd() && peek() == '-') {
      throw error("the number of time units must not be negative");
    }
    if (!atEnd() && Character.isDigit(peek())) {
      multiples = number("number of time units");
      if (multiples == 0) {
        throw error("the number of time units must be at least 1");
      }
      skipSpaces();
    }
    int wordStart = pos;
    while (!atEnd() && isAsciiLetter(peek())) {
      pos++;
    }
    if (wordStart == pos) {
      throw error(
          atEnd()
              ? "expected a time unit (" + UNITS + ") at the end"
              : "expected a time unit (" + UNITS + ") but found \"" + rest() + "\"");
    }
    String word = input.substring(wordStart, pos);
    Granularity granularity = Granularity.fromNotation(word);
    if (granularity == null) {
      throw error("\"" + word + "\" is not a time unit; expected " + UNITS + " (or plural)");
    }
    skipSpaces();
    if (!atEnd() && !isSeparator(peek())) {
      throw error(
          "unexpected \""
              + rest()
              + "\" after \""
              + word
              + "\"; separate several limits with ',', ';' or '|'");
    }
    if (multiples > Long.MAX_VALUE / granularity.millis()) {
      throw error("a window of " + multiples + " " + word + " is too long");
    }
    return RateLimitItem.of(amount, multiples, granularity);
  }

  private long number(String what) {
    int start = pos;
    long value = 0;
    while (!atEnd() && Character.isDigit(peek())) {
      int digit = Character.digit(peek(), 10);
      if (value > (Long.MAX_VALUE - digit) / 10) {
        while (!atEnd() && Character.isDigit(peek())) {
          pos++;
        }
        throw error(
            "the " + what + " " + input.substring(start, pos) + " is too large (at most 2^63-1)");
      }
      value = value * 10 + digit;
      pos++;
    }
    return value;
  }

  private void skipSpaces() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= input.length();
  }

  private char peek() {
    return input.charAt(pos);
  }

  private String rest() {
    int end = pos;
    while (end < input.length() && !isSeparator(input.charAt(end))) {
      end++;
    }
    return input.substring(pos, end).strip();
  }

  private static boolean isSeparator(char c) {
    return SEPARATORS.indexOf(c) >= 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private RateLimitParseException error(String problem) {
    return new RateLimitParseException(input, problem);
  }
}
