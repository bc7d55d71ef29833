package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's bucket: directories packed (the same bytes every time), files uploaded as they are.
 */
class BundleDirectoryTest {
  @TempDir Path temp;

  @Test
  void theSampleBundlesArePackedAsTgzAndZipThatWouldDeploy() throws Exception {
    List<Bundle> bundles = BundleDirectory.read(DemoInvocation.SAMPLES.resolve("bundles"));

    assertThat(bundles)
        .extracting(Bundle::key)
        .containsExactly(
            "demo-web-v1.tgz", "demo-web-v1.zip", "demo-web-v2.tgz", "demo-web-v2.zip");
    for (Bundle bundle : bundles) {
      Path archive = Files.write(temp.resolve(bundle.key()), bundle.bytes());
      AppSpecReport report = AppSpecCheck.check(archive);
      assertThat(report.isDeployable()).as("%s: %s", bundle.key(), report.problems()).isTrue();
      assertThat(report.problems()).as(bundle.key()).isEmpty();
    }
  }

  @Test
  void packingIsDeterministicSoTheDigestOfARevisionDoesNotChange() throws Exception {
    List<Bundle> first = BundleDirectory.read(DemoInvocation.SAMPLES.resolve("bundles"));
    Thread.sleep(1100);
    List<Bundle> second = BundleDirectory.read(DemoInvocation.SAMPLES.resolve("bundles"));

    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).bytes()).as(first.get(i).key()).isEqualTo(first.get(i).bytes());
    }
  }

  @Test
  void filesAreUploadedAsTheyAreAndHiddenOnesLeftOut() throws IOException {
    Files.writeString(temp.resolve("app-1.0.zip"), "not really a zip");
    Files.writeString(temp.resolve(".DS_Store"), "noise");
    Files.createDirectories(temp.resolve("site"));
    Files.writeString(temp.resolve("site/appspec.yml"), "version: 0.0\nos: linux\n");

    List<Bundle> bundles = BundleDirectory.read(temp);

    assertThat(bundles)
        .extracting(Bundle::key)
        .containsExactly("app-1.0.zip", "site.tgz", "site.zip");
    assertThat(new String(bundles.get(0).bytes(), StandardCharsets.UTF_8))
        .isEqualTo("not really a zip");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    assertThatThrownBy(() -> BundleDirectory.read(temp.resolve("nope")))
        .hasMessage(
            "bundle directory " + temp.resolve("nope") + " does not exist or is not a directory");
  }
}
