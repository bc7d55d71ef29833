package io.fleetdeploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's Markdown documents (README.md, docs/, simulator/README.md, ...) and the shell
 * commands they quote: the lines of fenced {@code bash}/{@code sh} blocks (continuation lines
 * joined) and inline code spans.
 */
public final class RepositoryDocs {
  /** The repository root (Surefire runs in a module's directory: operator/ or devtools/). */
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern FENCE =
      Pattern.compile("(?ms)^[ \\t]*```(\\w*)[^\\n]*\\n(.*?)^[ \\t]*```");
  private static final Pattern INLINE = Pattern.compile("(?<!`)`([^`\\n]+)`(?!`)");

  /** A command quoted by a document. */
  public record Quoted(Path document, String text) {
    @Override
    public String toString() {
      return ROOT.relativize(document) + ": " + text;
    }
  }

  private RepositoryDocs() {}

  /** Every Markdown file of the repository but build output and fetched tools. */
  public static List<Path> markdown() {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".md"))
          .filter(
              p -> {
                Path relative = ROOT.relativize(p);
                for (Path part : relative) {
                  String name = part.toString();
                  if (name.equals("target")
                      || name.startsWith(".")
                      || name.equals("node_modules")) {
                    return false;
                  }
                }
                return true;
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path document) {
    try {
      return Files.readString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command lines of the shell blocks and the inline code spans of every document. */
  public static List<Quoted> commands() {
    List<Quoted> commands = new ArrayList<>();
    for (Path document : markdown()) {
      String text = read(document);
      Matcher fence = FENCE.matcher(text);
      StringBuilder prose = new StringBuilder();
      int last = 0;
      while (fence.find()) {
        prose.append(text, last, fence.start());
        last = fence.end();
        if (List.of("bash", "sh", "shell", "console").contains(fence.group(1))) {
          for (String line : fence.group(2).replace("\\\n", " ").split("\n")) {
            if (!line.isBlank()) {
              commands.add(new Quoted(document, line.strip()));
            }
          }
        }
      }
      prose.append(text.substring(last));
      Matcher inline = INLINE.matcher(prose);
      while (inline.find()) {
        commands.add(new Quoted(document, inline.group(1).strip()));
      }
    }
    return commands;
  }
}
