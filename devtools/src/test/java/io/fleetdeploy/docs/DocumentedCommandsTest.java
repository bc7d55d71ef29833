package io.fleetdeploy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.cli.FleetdeployTools;
import io.fleetdeploy.testing.RepositoryDocs;
import io.fleetdeploy.testing.ShellWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The fleetdeploy command lines the documents quote ({@code java -jar devtools/target/fleetdeploy.jar
 * demo ...}, {@code fleetdeploy local --bundle PATH ...}) are parsed by the real command line, so a
 * renamed command or option fails the build until the documents say the same; and every test class
 * a document tells to run with {@code -Dtest=} exists.
 */
class DocumentedCommandsTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_]*|<[^>]+>");
  /** {@code 2>/dev/null}, {@code >out}, {@code 2>&1}; not a {@code <placeholder>}. */
  private static final Pattern REDIRECTION = Pattern.compile("\\d*(>>?|<)(&\\d+|[^<>]*)");
  private static final Pattern TEST_SELECTION = Pattern.compile("-Dtest=(\\S+)");

  @Test
  void everyQuotedFleetdeployCommandParses() {
    List<String> parsed = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (RepositoryDocs.Quoted quoted : RepositoryDocs.commands()) {
      for (List<String> command : ShellWords.commands(quoted.text())) {
        List<String> args = fleetdeployArgs(command);
        if (args == null) {
          continue;
        }
        try {
          CommandLine commandLine = FleetdeployTools.commandLine();
          commandLine.parseArgs(withSampleValues(commandLine, args).toArray(String[]::new));
          parsed.add(String.join(" ", args));
        } catch (CommandLine.MissingParameterException e) {
          // Prose names a command ("`fleetdeploy local` runs ..."); an invocation with options must be complete.
          if (args.stream().anyMatch(a -> a.startsWith("-"))) {
            failures.add(quoted + "\n    " + e.getMessage());
          }
        } catch (CommandLine.ParameterException e) {
          failures.add(quoted + "\n    " + e.getMessage());
        }
      }
    }
    assertThat(failures).as("quoted commands the command line rejects").isEmpty();
    // The extraction itself must keep working: these are quoted today.
    assertThat(parsed).contains("demo", "run --aws-region eu-west-1", "appspec check path/to/bundle.zip")
        .anySatisfy(c -> assertThat(c).startsWith("bench --instances N --config"))
        .anySatisfy(c -> assertThat(c).startsWith("local --bundle"))
        .anySatisfy(c -> assertThat(c).startsWith("demo --manifests"));
  }

  @Test
  void everyTestADocumentTellsToRunExists() throws IOException {
    List<String> known;
    try (Stream<Path> walk = Stream.of("operator", "devtools", "apiserver", "simulator")
        .flatMap(module -> walk(RepositoryDocs.ROOT.resolve(module + "/src/test/java")))) {
      known = walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
          .map(n -> n.substring(0, n.length() - ".java".length())).toList();
    }
    List<String> missing = new ArrayList<>();
    int named = 0;
    for (RepositoryDocs.Quoted quoted : RepositoryDocs.commands()) {
      Matcher m = TEST_SELECTION.matcher(quoted.text());
      while (m.find()) {
        for (String selector : m.group(1).replace("'", "").split(",")) {
          String className = selector.contains("#") ? selector.substring(0, selector.indexOf('#')) : selector;
          named++;
          if (!className.contains("*") && !known.contains(className)) {
            missing.add(quoted + " (" + className + ")");
          }
        }
      }
    }
    assertThat(named).as("documents name tests to run").isPositive();
    assertThat(missing).isEmpty();
  }

  private static Stream<Path> walk(Path directory) {
    try {
      return Files.walk(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The arguments given to fleetdeploy ({@code fleetdeploy ...} or {@code java ... -jar
   * .../fleetdeploy.jar ...}) without redirections, or null.
   */
  static List<String> fleetdeployArgs(List<String> command) {
    List<String> args;
    int jar = command.indexOf("-jar");
    if (!command.isEmpty() && command.get(0).equals("fleetdeploy")) {
      // "fleetdeploy <deployment> b<batch>" describes a name (an SSM command's comment), not a command line.
      if (command.size() > 1 && command.get(1).startsWith("<")) {
        return null;
      }
      args = command.subList(1, command.size());
    } else if (jar >= 0 && jar + 1 < command.size() && command.get(jar + 1).endsWith("fleetdeploy.jar")) {
      args = command.subList(jar + 2, command.size());
    } else {
      return null;
    }
    return args.stream().filter(a -> !REDIRECTION.matcher(a).matches()).toList();
  }

  /**
   * The arguments with the documents' notation made concrete: {@code [--opt V]} is given,
   * {@code A|B} is A, and a placeholder ({@code N}, {@code PATH}, {@code <dir>}) is a value of the
   * type its option takes.
   */
  static List<String> withSampleValues(CommandLine root, List<String> args) {
    List<String> out = new ArrayList<>();
    CommandLine current = root;
    CommandLine.Model.OptionSpec previous = null;
    for (String raw : args) {
      String word = raw.replaceAll("^\\[+", "").replaceAll("]+$", "");
      if (current.getSubcommands().containsKey(word) && previous == null) {
        current = current.getSubcommands().get(word);
        out.add(word);
        continue;
      }
      if (!word.startsWith("-") && word.contains("|")) {
        word = word.substring(0, word.indexOf('|'));
      }
      if (PLACEHOLDER.matcher(word).matches()) {
        Class<?> type = previous == null ? String.class : previous.type();
        word = type == int.class || type == Integer.class || type == long.class || type == Long.class ? "1"
            : type.isEnum() ? type.getEnumConstants()[0].toString() : "x";
      }
      out.add(word);
      CommandLine.Model.OptionSpec option = word.startsWith("-")
          ? current.getCommandSpec().findOption(word.contains("=") ? word.substring(0, word.indexOf('=')) : word)
          : null;
      previous = option != null && option.arity().min() > 0 && !word.contains("=") ? option : null;
    }
    return out;
  }
}
