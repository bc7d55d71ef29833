package io.fleetdeploy.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as instructions, stage by stage: enough to check it against the Maven build and
 * the Helm chart without a Docker engine. Continuation lines are joined and comments dropped, as
 * Docker does.
 */
record Dockerfile(List<Dockerfile.Stage> stages) {

  record Instruction(String keyword, String arguments, int line) {
    /** The whitespace-separated words of the arguments (shell form). */
    List<String> words() {
      return Arrays.asList(arguments.trim().split("\\s+"));
    }
  }

  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Instruction only(String keyword) {
      List<Instruction> found = all(keyword);
      if (found.size() != 1) {
        throw new AssertionError(
            "stage "
                + name
                + " ("
                + image
                + ") has "
                + found.size()
                + " "
                + keyword
                + " instructions, expected one");
      }
      return found.get(0);
    }
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage named " + name));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  static Dockerfile parse(String text) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int start = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      StringBuilder joined = new StringBuilder();
      while (line.endsWith("\\")) {
        joined.append(line, 0, line.length() - 1).append(' ');
        do {
          i++;
          line = i < lines.length ? lines[i].strip() : "";
        } while (line.startsWith("#") && i < lines.length - 1);
      }
      joined.append(line);
      String[] parts = joined.toString().strip().split("\\s+", 2);
      Instruction instruction =
          new Instruction(
              parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "", start);
      if (instruction.keyword().equals("FROM")) {
        List<String> words = instruction.words();
        String name =
            words.size() == 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
        current = new ArrayList<>();
        stages.add(new Stage(words.get(0), name, current));
      } else if (current == null) {
        throw new AssertionError(
            "line " + start + ": " + instruction.keyword() + " before the first FROM");
      }
      current.add(instruction);
    }
    if (stages.isEmpty()) {
      throw new AssertionError("the Dockerfile has no FROM");
    }
    return new Dockerfile(stages);
  }
}
