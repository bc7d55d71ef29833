package io.fleetdeploy.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.chart.PomXml;
import io.fleetdeploy.cli.FleetdeployCommand;
import io.fleetdeploy.cli.FleetdeployTools;
import io.fleetdeploy.testing.RepositoryDocs;
import io.fleetdeploy.testing.ShellWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The fleetdeploy command lines the documents quote ({@code java -jar
 * devtools/target/fleetdeploy.jar demo ...}, {@code fleetdeploy local --bundle PATH ...}) are
 * parsed by the real command line of the jar they name (the operator's jar has no demo or bench),
 * so a renamed command or option, or a command quoted for a jar that does not have it, fails the
 * build until the documents say the same; a quoted jar is the one its module's build makes; and
 * every test class a document tells to run with {@code -Dtest=} exists, in the module its {@code
 * -pl} names.
 */
class DocumentedCommandsTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_]*|<[^>]+>");

  /** {@code 2>/dev/null}, {@code >out}, {@code 2>&1}; not a {@code <placeholder>}. */
  private static final Pattern REDIRECTION = Pattern.compile("\\d*(>>?|<)(&\\d+|[^<>]*)");

  private static final Pattern TEST_SELECTION = Pattern.compile("-Dtest=(\\S+)");

  /** A jar of this repository's build: {@code <module>/target/<name>.jar}. */
  private static final Pattern MODULE_JAR =
      Pattern.compile("(?:\\./)?([\\w-]+)/target/([\\w.-]+\\.jar)");

  /** The modules whose jar is a fleetdeploy command line, and which one. */
  private static final Map<String, Supplier<CommandLine>> COMMAND_LINES =
      Map.of(
          "operator", FleetdeployCommand::commandLine,
          "devtools", FleetdeployTools::commandLine);

  @Test
  void everyQuotedFleetdeployCommandParses() {
    List<String> parsed = new ArrayList<>();
    List<String> parsedByTheOperatorJar = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (RepositoryDocs.Quoted quoted : RepositoryDocs.commands()) {
      for (List<String> command : ShellWords.commands(quoted.text())) {
        Invocation invocation = fleetdeployInvocation(command);
        if (invocation == null) {
          continue;
        }
        if (invocation.problem() != null) {
          failures.add(quoted + "\n    " + invocation.problem());
          continue;
        }
        List<String> args = invocation.args();
        try {
          CommandLine commandLine = COMMAND_LINES.get(invocation.module()).get();
          commandLine.parseArgs(withSampleValues(commandLine, args).toArray(String[]::new));
          parsed.add(String.join(" ", args));
          if (invocation.module().equals("operator")) {
            parsedByTheOperatorJar.add(String.join(" ", args));
          }
        } catch (CommandLine.MissingParameterException e) {
          // Prose names a command ("`fleetdeploy local` runs ..."); an invocation with options must
          // be complete.
          if (args.stream().anyMatch(a -> a.startsWith("-"))) {
            failures.add(quoted + "\n    " + e.getMessage());
          }
        } catch (CommandLine.ParameterException e) {
          failures.add(
              quoted + "\n    " + invocation.module() + "'s command line: " + e.getMessage());
        }
      }
    }
    assertThat(failures).as("quoted commands the command line rejects").isEmpty();
    // The extraction itself must keep working: these are quoted today.
    assertThat(parsed)
        .contains("demo", "run --aws-region eu-west-1", "appspec check path/to/bundle.zip")
        .anySatisfy(c -> assertThat(c).startsWith("bench --instances N --config"))
        .anySatisfy(c -> assertThat(c).startsWith("local --bundle"))
        .anySatisfy(c -> assertThat(c).startsWith("demo --manifests"));
    assertThat(parsedByTheOperatorJar).contains("run --aws-region eu-west-1");
  }

  @Test
  void aCommandQuotedForTheOperatorsJarIsParsedByItsCommandLineWhichHasNoDemo() {
    Invocation operator =
        fleetdeployInvocation(
            List.of("java", "-jar", "operator/target/" + jarName("operator"), "demo"));
    Invocation devtools =
        fleetdeployInvocation(
            List.of("java", "-jar", "devtools/target/" + jarName("devtools"), "demo"));

    assertThat(operator.module()).isEqualTo("operator");
    assertThatThrownBy(() -> COMMAND_LINES.get(operator.module()).get().parseArgs("demo"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    assertThat(devtools.module()).isEqualTo("devtools");
    assertThat(COMMAND_LINES.get(devtools.module()).get().parseArgs("demo").subcommand())
        .isNotNull();
    assertThat(
            fleetdeployInvocation(List.of("java", "-jar", "operator/target/no-such.jar", "run"))
                .problem())
        .isEqualTo(
            "operator/target/no-such.jar is not what the build makes: operator/target/"
                + jarName("operator"));
  }

  @Test
  void everyTestADocumentTellsToRunExists() throws IOException {
    Map<String, List<String>> testsByModule = new HashMap<>();
    try (Stream<Path> modules = Files.list(RepositoryDocs.ROOT)) {
      for (Path module :
          modules.filter(m -> Files.isDirectory(m.resolve("src/test/java"))).toList()) {
        try (Stream<Path> walk = Files.walk(module.resolve("src/test/java"))) {
          testsByModule.put(
              module.getFileName().toString(),
              walk.map(p -> p.getFileName().toString())
                  .filter(n -> n.endsWith(".java"))
                  .map(n -> n.substring(0, n.length() - ".java".length()))
                  .toList());
        }
      }
    }
    assertThat(testsByModule).containsKeys("operator", "devtools", "simulator", "apiserver");
    List<String> known = testsByModule.values().stream().flatMap(List::stream).toList();
    List<String> missing = new ArrayList<>();
    int named = 0;
    for (RepositoryDocs.Quoted quoted : RepositoryDocs.commands()) {
      for (List<String> command : ShellWords.commands(quoted.text())) {
        int pl = command.indexOf("-pl");
        String module = pl >= 0 && pl + 1 < command.size() ? command.get(pl + 1) : null;
        List<String> inScope =
            module == null ? known : testsByModule.getOrDefault(module, List.of());
        for (String word : command) {
          Matcher m = TEST_SELECTION.matcher(word);
          while (m.find()) {
            for (String selector : m.group(1).replace("'", "").split(",")) {
              String className =
                  selector.contains("#") ? selector.substring(0, selector.indexOf('#')) : selector;
              named++;
              if (!className.contains("*") && !inScope.contains(className)) {
                missing.add(
                    quoted + " (" + className + (module == null ? "" : " in " + module) + ")");
              }
            }
          }
        }
      }
    }
    assertThat(named).as("documents name tests to run").isPositive();
    assertThat(missing).isEmpty();
  }

  /**
   * A quoted fleetdeploy command: the module whose jar runs it, its arguments, or why it cannot run
   * as quoted.
   */
  record Invocation(String module, List<String> args, String problem) {}

  /**
   * The fleetdeploy invocation of a quoted command ({@code fleetdeploy ...}: the devtools jar,
   * which has every command; {@code java ... -jar <module>/target/<jar> ...}: that module's jar),
   * without redirections, or null when the command is not one.
   */
  static Invocation fleetdeployInvocation(List<String> command) {
    int jar = command.indexOf("-jar");
    if (!command.isEmpty() && command.get(0).equals("fleetdeploy")) {
      // "fleetdeploy <deployment> b<batch>" describes a name (an SSM command's comment), not a
      // command line.
      if (command.size() > 1 && command.get(1).startsWith("<")) {
        return null;
      }
      return new Invocation(
          "devtools", withoutRedirections(command.subList(1, command.size())), null);
    }
    if (jar < 0 || jar + 1 >= command.size()) {
      return null;
    }
    Matcher path = MODULE_JAR.matcher(command.get(jar + 1));
    if (!path.matches() || !COMMAND_LINES.containsKey(path.group(1))) {
      return null;
    }
    String module = path.group(1);
    List<String> args = withoutRedirections(command.subList(jar + 2, command.size()));
    String built = module + "/target/" + jarName(module);
    return new Invocation(
        module,
        args,
        path.group(2).equals(jarName(module))
            ? null
            : command.get(jar + 1) + " is not what the build makes: " + built);
  }

  /** The file name of the jar a module's build makes. */
  static String jarName(String module) {
    return PomXml.value(
            RepositoryDocs.ROOT.resolve(module).resolve("pom.xml"), "/project/build/finalName")
        + ".jar";
  }

  private static List<String> withoutRedirections(List<String> args) {
    return args.stream().filter(a -> !REDIRECTION.matcher(a).matches()).toList();
  }

  /**
   * The arguments with the documents' notation made concrete: {@code [--opt V]} is given, {@code
   * A|B} is A, and a placeholder ({@code N}, {@code PATH}, {@code <dir>}) is a value of the type
   * its option takes.
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
        word =
            type == int.class || type == Integer.class || type == long.class || type == Long.class
                ? "1"
                : type.isEnum() ? type.getEnumConstants()[0].toString() : "x";
      }
      out.add(word);
      CommandLine.Model.OptionSpec option =
          word.startsWith("-")
              ? current
                  .getCommandSpec()
                  .findOption(word.contains("=") ? word.substring(0, word.indexOf('=')) : word)
              : null;
      previous = option != null && option.arity().min() > 0 && !word.contains("=") ? option : null;
    }
    return out;
  }
}
