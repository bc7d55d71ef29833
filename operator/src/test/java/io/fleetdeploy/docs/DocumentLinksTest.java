package io.fleetdeploy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.testing.RepositoryDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the repository's Markdown points to a file that exists in the repository
 * (a link to a file that moved, or to something outside the repository, fails here), and no
 * document sends the reader to a path outside the repository.
 */
class DocumentLinksTest {
  private static final Pattern INLINE_LINK =
      Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s*\\[[^\\]]+]:\\s*(\\S+)");
  private static final Pattern PARENT_PATH = Pattern.compile("(?<![\\w./])\\.\\./[\\w./-]+");

  @Test
  void everyRelativeLinkPointsToAFileOfTheRepository() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : RepositoryDocs.markdown()) {
      String text = RepositoryDocs.read(document);
      for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_LINK)) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("[a-zA-Z][a-zA-Z+.-]*:.*") || target.startsWith("#")) {
            continue; // https:, mailto:, or an anchor of the same page
          }
          checked++;
          String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
          Path resolved = document.getParent().resolve(file).normalize();
          if (!resolved.startsWith(RepositoryDocs.ROOT)) {
            broken.add(where(document) + ": " + target + " is outside the repository");
          } else if (!Files.exists(resolved)) {
            broken.add(where(document) + ": " + target + " does not exist");
          }
        }
      }
    }
    assertThat(checked).as("relative links checked").isGreaterThan(10);
    assertThat(broken).isEmpty();
  }

  @Test
  void everyRelativePathInTheTextIsAFileOfTheRepository() {
    // Not only links: "(../shared/notes.md)" in a sentence sends the reader just as far.
    List<String> outside = new ArrayList<>();
    for (Path document : RepositoryDocs.markdown()) {
      Matcher m = PARENT_PATH.matcher(RepositoryDocs.read(document));
      while (m.find()) {
        Path resolved = document.getParent().resolve(m.group()).normalize();
        if (!resolved.startsWith(RepositoryDocs.ROOT) || !Files.exists(resolved)) {
          outside.add(where(document) + ": " + m.group());
        }
      }
    }
    assertThat(outside).isEmpty();
  }

  private static String where(Path document) {
    return RepositoryDocs.ROOT.relativize(document).toString();
  }
}
