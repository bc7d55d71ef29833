package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.ArchiveDamage;
import io.fleetdeploy.appspec.ArchiveFuzzTest;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.CraftedArchives;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostRunnerScript;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The host runner on malformed archives: the bundle is refused (BundleUnsafe) with a message that
 * says what is wrong, the same words the operator uses, nothing is installed and nothing crashes.
 */
class RunnerMalformedArchiveTest {
  @TempDir Path temp;
  RunnerHarness harness;
  AppSpec appSpec;

  @BeforeEach
  void setUp() {
    harness = new RunnerHarness(temp);
    appSpec =
        AppSpecParser.parse(
                "appspec.yml", new String(CraftedArchives.APPSPEC, StandardCharsets.UTF_8))
            .appSpec()
            .orElseThrow();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "zip name in Latin-1",
            BundleType.ZIP,
            CraftedArchives.zipWithLatin1Name(),
            "caf\\xe9.txt: the name is not valid UTF-8"),
        Arguments.of(
            "tar name in Latin-1",
            BundleType.TAR,
            CraftedArchives.tarWithName("caf\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1)),
            "caf\\xe9.txt: the name is not valid UTF-8"),
        Arguments.of(
            "negative base-256 size",
            BundleType.TAR,
            CraftedArchives.tarWithSizeField(CraftedArchives.base256Negative()),
            "app/data.bin: the tar header gives a negative size"),
        Arguments.of(
            "negative pax size",
            BundleType.TAR,
            CraftedArchives.tarWithPaxSize("-5"),
            "app/data.bin: the pax header's size '-5' is not a non-negative number"),
        Arguments.of(
            "non-numeric pax size",
            BundleType.TAR,
            CraftedArchives.tarWithPaxSize("lots"),
            "app/data.bin: the pax header's size 'lots' is not a non-negative number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void isRefusedWithTheOperatorsMessageAndNothingInstalled(
      String what, BundleType type, byte[] bytes, String message) throws IOException {
    Path archive = Files.write(harness.work.resolve("bundle." + type.wireName()), bytes);

    Run run =
        harness.run(harness.planFor(appSpec, archive, type, "d-malformed", PlanOptions.defaults()));

    assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
    assertThat(run.event("DownloadBundle").status()).isEqualTo(EventStatus.Failed);
    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleUnsafe");
    assertThat(run.event("DownloadBundle").message()).get().asString().contains(message);
    assertThat(run.stderr()).doesNotContain("Traceback");
    assertThat(harness.host("/opt/app")).doesNotExist();
    assertThat(AppSpecCheck.check(archive).summary()).contains(message);
  }

  /**
   * Refused for the archive itself (not for what its AppSpec says, which the runner does not read).
   */
  private static boolean archiveRefused(io.fleetdeploy.appspec.AppSpecReport report) {
    return report.errors().stream()
        .anyMatch(
            p ->
                p.keyPath().equals("(bundle)")
                    && p.message().startsWith("cannot read it as a ")
                    && !p.message().contains("is not UTF-8 text"));
  }

  /**
   * Seeded damage to real archives, unpacked by the runner's own code in one Python process: the
   * runner's verdict is always "unpacked" or a BundleUnsafe failure with a clear message; and the
   * operator never accepts a bundle whose names or structure the runner refuses.
   */
  @ParameterizedTest
  @EnumSource(BundleType.class)
  void seededDamageNeverCrashesTheRunner(BundleType type) throws IOException, InterruptedException {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    byte[] original =
        Files.readAllBytes(
            TestBundles.pack(bundle, type, temp.resolve("bundle." + type.wireName())));
    Path cases = Files.createDirectories(temp.resolve("cases"));
    int count = 150;
    for (int seed = 0; seed < count; seed++) {
      Files.write(
          cases.resolve(seed + "." + type.wireName()),
          ArchiveDamage.corrupt(original, new Random(seed)));
    }
    Path runner =
        Files.write(temp.resolve(HostRunnerScript.FILE_NAME), HostRunnerScript.get().bytes());
    Path driver =
        Files.writeString(
            temp.resolve("driver.py"),
            """
        import json, os, shutil, sys, traceback
        sys.path.insert(0, sys.argv[1])
        import fleetdeploy_runner as r
        cases, kind, work = sys.argv[2], sys.argv[3], sys.argv[4]
        for name in sorted(os.listdir(cases), key=lambda n: int(n.split('.')[0])):
            staging = os.path.join(work, 'staging')
            shutil.rmtree(staging, ignore_errors=True)
            os.makedirs(staging)
            try:
                r.unpack(os.path.join(cases, name), kind, staging, 10 << 20)
                out = {'case': name, 'ok': True}
            except r.Failure as f:
                out = {'case': name, 'ok': False, 'code': f.code, 'message': f.message}
            except BaseException:
                out = {'case': name, 'ok': False, 'crash': traceback.format_exc()}
            print(json.dumps(out), flush=True)
        """);
    Path work = Files.createDirectories(temp.resolve("driver-work"));
    Process process =
        new ProcessBuilder(
                "python3",
                driver.toString(),
                runner.getParent().toString(),
                cases.toString(),
                type.wireName(),
                work.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();

    List<String> problems = new ArrayList<>();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = output.lines().toList();
    assertThat(lines).hasSize(count);
    for (String line : lines) {
      var verdict = json.readTree(line);
      String name = verdict.get("case").asText();
      if (verdict.has("crash")) {
        problems.add(name + " crashed the runner: " + verdict.get("crash").asText());
      } else if (!verdict.get("ok").asBoolean()) {
        String message = verdict.get("message").asText();
        if (!verdict.get("code").asText().equals("BundleUnsafe")
            || !ArchiveFuzzTest.isClear(message)) {
          problems.add(name + ": " + verdict.get("code").asText() + " " + message);
        }
        if (!archiveRefused(AppSpecCheck.check(cases.resolve(name), type, "b"))) {
          problems.add(name + ": the operator accepts what the runner refuses: " + message);
        }
      } else if (archiveRefused(AppSpecCheck.check(cases.resolve(name), type, "b"))) {
        problems.add(
            name
                + ": the operator refuses what the runner accepts: "
                + AppSpecCheck.check(cases.resolve(name), type, "b").summary());
      }
    }
    assertThat(problems).isEmpty();
  }
}
