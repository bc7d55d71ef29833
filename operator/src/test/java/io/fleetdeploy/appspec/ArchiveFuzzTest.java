package io.fleetdeploy.appspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random corruption of real archives (built here from a test bundle): whatever the damage,
 * reading a bundle ends in a report whose problems say what is wrong, never in an exception or a
 * message that only names one. A failure prints the seed, so the case can be replayed.
 */
public class ArchiveFuzzTest {
  static final int CASES = 400;

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(BundleType.class)
  void everyCorruptionEndsInAClearProblem(BundleType type) throws IOException {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    Path archive = TestBundles.pack(bundle, type, temp.resolve("bundle." + type.wireName()));
    byte[] original = Files.readAllBytes(archive);
    List<String> unclear = new ArrayList<>();
    int rejected = 0;
    for (int seed = 0; seed < CASES; seed++) {
      byte[] damaged = ArchiveDamage.corrupt(original, new Random(seed));
      Path file = Files.write(temp.resolve("damaged." + type.wireName()), damaged);
      List<AppSpecReport> reports;
      try {
        reports =
            List.of(
                AppSpecCheck.check(file),
                AppSpecCheck.check(file, type, "s3://b/k"),
                AppSpecCheck.check(new ByteArrayInputStream(damaged), type, "s3://b/k"));
      } catch (RuntimeException e) {
        fail("seed " + seed + " (" + type + "): " + e, e);
        return;
      }
      for (AppSpecReport report : reports) {
        for (Problem problem : report.errors()) {
          if (!isClear(problem.message())) {
            unclear.add("seed " + seed + ": " + problem.message());
          }
        }
      }
      rejected += reports.get(1).isDeployable() ? 0 : 1;
    }
    assertThat(unclear).as("messages that name an exception instead of the damage").isEmpty();
    assertThat(rejected).as("corruptions that were noticed").isGreaterThan(CASES / 4);
  }

  public static boolean isClear(String message) {
    return !message.isBlank()
        && !message.contains("Exception")
        && !message.contains("does not recognise")
        && !message.contains("null")
        && !message.endsWith(": ");
  }
}
