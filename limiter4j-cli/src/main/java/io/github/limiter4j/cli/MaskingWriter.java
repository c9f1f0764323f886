package io.github.limiter4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * Writes text line by line through a mask, so that a secret split across several writes of one line
 * is masked too.
 */
final class MaskingWriter extends Writer {
  private final Writer out;
  private final UnaryOperator<String> mask;
  private final StringBuilder line = new StringBuilder();

  MaskingWriter(Writer out, UnaryOperator<String> mask) {
    this.out = out;
    this.mask = mask;
  }

  @Override
  public void write(char[] chars, int offset, int length) throws IOException {
    line.append(chars, offset, length);
    int end = line.lastIndexOf("\n");
    if (end >= 0) {
      out.write(mask.apply(line.substring(0, end + 1)));
      line.delete(0, end + 1);
    }
  }

  @Override
  public void flush() throws IOException {
    if (line.length() > 0) {
      out.write(mask.apply(line.toString()));
      line.setLength(0);
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
