package io.fleetdeploy.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine;

/**
 * The one-line summaries a help's list of commands shows: the first line of each one's description.
 */
public final class HelpSummaries {
  private HelpSummaries() {}

  /**
   * Every command under {@code root} whose summary does not end a sentence, as "qualified name:
   * summary".
   */
  public static List<String> cutShort(CommandLine root) {
    List<String> cut = new ArrayList<>();
    Deque<CommandLine> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      CommandLine command = todo.pop();
      command
          .getSubcommands()
          .values()
          .forEach(
              sub -> {
                todo.push(sub);
                String[] description = sub.getCommandSpec().usageMessage().description();
                if (description.length == 0 || !description[0].strip().endsWith(".")) {
                  cut.add(
                      sub.getCommandSpec().qualifiedName()
                          + ": "
                          + (description.length == 0 ? "none" : description[0]));
                }
              });
    }
    return cut;
  }
}
