package io.github.limiter4j.cli;

import java.util.ArrayList;
import java.util.List;

/** How output is drawn: box characters and colour on a terminal, plain ASCII when piped. */
final class Style {
  private static final String RESET = "\033[0m";

  final boolean terminal;

  Style(boolean terminal) {
    this.terminal = terminal;
  }

  String heading(String text) {
    return paint("\033[1;33m", text);
  }

  String group(String text) {
    return paint("\033[1;34m", text);
  }

  String pass(String text) {
    return paint("\033[32m", text);
  }

  String fail(String text) {
    return paint("\033[1;31m", text);
  }

  String quiet(String text) {
    return paint("\033[2;3m", text);
  }

  String strong(String text) {
    return paint("\033[1m", text);
  }

  private String paint(String code, String text) {
    return terminal ? code + text + RESET : text;
  }

  /** A node of a tree: a label and its children. */
  static final class Node {
    final String label;
    final List<Node> children = new ArrayList<>();

    Node(String label) {
      this.label = label;
    }

    Node add(String child) {
      Node node = new Node(child);
      children.add(node);
      return node;
    }
  }

  /** Draws a tree: the root's label, then its children with branches. */
  List<String> tree(Node root) {
    List<String> lines = new ArrayList<>();
    lines.add(root.label);
    children(root, "", lines);
    return lines;
  }

  private void children(Node node, String indent, List<String> lines) {
    for (int i = 0; i < node.children.size(); i++) {
      Node child = node.children.get(i);
      boolean last = i == node.children.size() - 1;
      String branch = terminal ? (last ? "└── " : "├── ") : (last ? "`-- " : "|-- ");
      lines.add(indent + branch + child.label);
      String more = terminal ? (last ? "    " : "│   ") : (last ? "    " : "|   ");
      children(child, indent + more, lines);
    }
  }

  /** Draws a table with a title; on a terminal with box characters, else as aligned columns. */
  List<String> table(String title, List<String> headers, List<List<String>> rows) {
    int columns = headers.size();
    int[] widths = new int[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    List<String> lines = new ArrayList<>();
    int total = 0;
    for (int width : widths) {
      total += width + 3;
    }
    total += 1;
    int pad = Math.max(0, (total - title.length()) / 2);
    lines.add(" ".repeat(pad) + strong(title));
    if (terminal) {
      lines.add(rule("┏", "━", "┳", "┓", widths));
      lines.add(row("┃", headers, widths, true));
      lines.add(rule("┡", "━", "╇", "┩", widths));
      for (List<String> row : rows) {
        lines.add(row("│", row, widths, false));
      }
      lines.add(rule("└", "─", "┴", "┘", widths));
    } else {
      lines.add(plainRow(headers, widths));
      List<String> dashes = new ArrayList<>();
      for (int width : widths) {
        dashes.add("-".repeat(width));
      }
      lines.add(plainRow(dashes, widths));
      for (List<String> row : rows) {
        lines.add(plainRow(row, widths));
      }
    }
    return lines;
  }

  private static String rule(String left, String line, String join, String right, int[] widths) {
    StringBuilder out = new StringBuilder(left);
    for (int c = 0; c < widths.length; c++) {
      out.append(line.repeat(widths[c] + 2)).append(c == widths.length - 1 ? right : join);
    }
    return out.toString();
  }

  private String row(String bar, List<String> cells, int[] widths, boolean header) {
    StringBuilder out = new StringBuilder(bar);
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String padded = cell + " ".repeat(widths[c] - cell.length());
      out.append(' ').append(header ? strong(padded) : padded).append(' ').append(bar);
    }
    return out.toString();
  }

  private static String plainRow(List<String> cells, int[] widths) {
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      out.append(c == widths.length - 1 ? cell : cell + " ".repeat(widths[c] - cell.length() + 2));
    }
    return out.toString().stripTrailing();
  }
}
