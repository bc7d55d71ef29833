package io.fleetdeploy.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell command line into words as a POSIX shell would for simple commands: single
 * quotes literal, double quotes with backslash escapes of {@code " \ $ `}, a backslash outside
 * quotes escaping the next character, and an unquoted {@code #} at the start of a word beginning a
 * comment. Enough for the commands the documents quote; no expansion.
 */
public final class ShellWords {
  private static final List<String> SEPARATORS = List.of("&&", "||", ";", "|", "&");

  private ShellWords() {}

  /** The words of each simple command of a line: split at {@code && || ; | &}. */
  public static List<List<String>> commands(String line) {
    List<List<String>> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String word : split(line)) {
      if (SEPARATORS.contains(word)) {
        commands.add(current);
        current = new ArrayList<>();
      } else {
        current.add(word);
      }
    }
    commands.add(current);
    return commands;
  }

  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (c == '#' && word == null) {
        break;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ' in: " + line);
        }
        word.append(line, i + 1, end);
        i = end;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char d = line.charAt(j);
          if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            word.append(line.charAt(++j));
          } else {
            word.append(d);
          }
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException("unclosed \" in: " + line);
        }
        i = j;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
