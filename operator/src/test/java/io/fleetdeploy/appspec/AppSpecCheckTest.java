package io.fleetdeploy.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading bundles (directory, zip, tar, tgz) and checking them as a whole. */
class AppSpecCheckTest {

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(BundleType.class)
  void readsEveryArchiveTypeRecognisedByContent(BundleType type) throws Exception {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    // No telling extension: the type must come from the bytes.
    Path archive = TestBundles.pack(bundle, type, temp.resolve("bundle.bin"));

    BundleContents contents = BundleReader.read(archive);

    assertThat(contents.appSpecName()).isEqualTo("appspec.yml");
    assertThat(contents.appSpecText()).get().asString().contains("revision 1");
    assertThat(contents.listing().hasFile("scripts/stop.sh")).isTrue();
    assertThat(contents.listing().hasFileOrDirectory("app/lib")).isTrue();
    assertThat(AppSpecCheck.check(archive).problems()).isEmpty();
    assertThat(AppSpecCheck.check(Files.readAllBytes(archive), type, "s3://b/k").isDeployable())
        .isTrue();
  }

  @Test
  void directoryAndAppSpecFileAreBundlesToo() {
    Path bundle = TestBundles.copy("webapp-v1", temp);

    AppSpecReport fromDirectory = AppSpecCheck.check(bundle);
    AppSpecReport fromFile = AppSpecCheck.check(bundle.resolve("appspec.yml"));

    assertThat(fromDirectory.isDeployable()).isTrue();
    assertThat(fromFile.isDeployable()).isTrue();
    assertThat(fromFile.problems()).isEmpty();
  }

  @Test
  void readsAppspecYmlWhenAppspecYamlIsThereToo() throws IOException {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    Files.writeString(bundle.resolve("appspec.yaml"), "version: 0.0\nos: windows\n");

    AppSpecReport report = AppSpecCheck.check(bundle);

    assertThat(report.isDeployable()).as(report.summary()).isTrue();
    assertThat(report.warnings())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .contains("CodeDeploy's agent reads appspec.yml");
  }

  @Test
  void scriptsAndSourcesTheBundleLacksAreErrorsOrWithLenientWarnings() throws IOException {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    Files.delete(bundle.resolve("scripts/validate.sh"));
    Files.writeString(
        bundle.resolve("appspec.yml"),
        Files.readString(bundle.resolve("appspec.yml"))
            .replace("source: app", "source: /application"));
    Path archive = TestBundles.pack(bundle, BundleType.TGZ, temp.resolve("web.tgz"));

    AppSpecReport strict = AppSpecCheck.check(archive);
    AppSpecReport lenient = AppSpecCheck.check(archive, true);

    assertThat(strict.isDeployable()).isFalse();
    assertThat(strict.errors())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "ERROR "
                + archive
                + "!/appspec.yml:5 files[0].source: 'application' is not in the bundle: Install would fail"
                + " (appspec check --lenient reports this as a warning)",
            "ERROR "
                + archive
                + "!/appspec.yml:30 hooks.ValidateService[0].location: script 'scripts/validate.sh'"
                + " is not in the bundle: the event would fail with ScriptMissing"
                + " (appspec check --lenient reports this as a warning)");
    assertThat(lenient.isDeployable()).isTrue();
    assertThat(lenient.warnings())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "WARNING "
                + archive
                + "!/appspec.yml:5 files[0].source: 'application' is not in the bundle: Install would fail",
            "WARNING "
                + archive
                + "!/appspec.yml:30 hooks.ValidateService[0].location: script 'scripts/validate.sh'"
                + " is not in the bundle: the event would fail with ScriptMissing");
  }

  @Test
  void bundleWithoutAppSpecAtItsRootSaysWhereItIs() throws IOException {
    Path outer = temp.resolve("outer");
    Files.createDirectories(outer.resolve("releases"));
    TestBundles.copy("webapp-v1", outer.resolve("releases"));
    Path archive = TestBundles.pack(outer, BundleType.ZIP, temp.resolve("nested.zip"));

    AppSpecReport report = AppSpecCheck.check(archive);

    assertThat(report.isDeployable()).isFalse();
    assertThat(report.errors())
        .singleElement()
        .extracting(Problem::toString)
        .isEqualTo(
            "ERROR "
                + archive
                + " (bundle): no appspec.yml or appspec.yaml at the root of the bundle (found"
                + " releases/webapp-v1/appspec.yml: pack the contents of that directory, not the directory itself)");
  }

  @Test
  void corruptOrForeignFilesAreProblemsNotExceptions() throws IOException {
    Path text = Files.writeString(temp.resolve("notes.txt"), "just text");
    Path truncated = temp.resolve("cut.tgz");
    byte[] whole =
        Files.readAllBytes(
            TestBundles.pack(
                TestBundles.copy("webapp-v1", temp), BundleType.TGZ, temp.resolve("whole.tgz")));
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThat(AppSpecCheck.check(text).errors())
        .singleElement()
        .extracting(Problem::message)
        .isEqualTo("not a zip, tar or tgz archive");
    assertThat(AppSpecCheck.check(truncated).errors())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .isNotBlank();
    assertThat(AppSpecCheck.check(temp.resolve("missing.zip")).errors())
        .singleElement()
        .extracting(Problem::message)
        .isEqualTo("no such file or directory");
    assertThat(AppSpecCheck.check(new byte[] {1, 2, 3}, BundleType.ZIP, "s3://b/k").errors())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .startsWith("cannot read it as a zip bundle");
  }

  @Test
  void tarLongNamesAndRawEntriesRoundTrip() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String longName = "deep/" + "x".repeat(120) + "/script.sh";
    try (TarArchiveWriter tar = new TarArchiveWriter(bytes)) {
      tar.addFile(
          "appspec.yml", 0644, "version: 0.0\nos: linux\n".getBytes(StandardCharsets.UTF_8));
      tar.addFile(longName, 0755, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
      tar.addSymlink("current", "deep");
    }

    BundleContents contents = BundleReader.read(bytes.toByteArray(), BundleType.TAR);

    assertThat(contents.listing().files()).contains("appspec.yml", longName, "current");
  }
}
