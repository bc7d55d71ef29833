package io.fleetdeploy.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.BundleType;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.PauseStatus;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.demo.Bundle;
import io.fleetdeploy.demo.BundleDirectory;
import io.fleetdeploy.demo.DemoConsole;
import io.fleetdeploy.demo.DemoEnvironment;
import io.fleetdeploy.demo.DemoFleet;
import io.fleetdeploy.demo.DemoResult;
import io.fleetdeploy.demo.DemoRun;
import io.fleetdeploy.demo.DemoSettings;
import io.fleetdeploy.demo.ManifestReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (headless Chromium over the DevTools protocol) against the demo's
 * embedded system: the list shows the demo's deployments, a rollout started while the page is open
 * updates it without a reload, a failed instance's drawer shows its log tail, and a deployment of
 * 5,000 instances paints quickly. Screenshots go to target/ for the docs.
 */
class DashboardBrowserTest {
  private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
  private static final String MARKER = "ERROR: port 8080 is already taken (browser test)";
  private static final int BIG = 5_000;

  @Test
  void theDashboardShowsTheDemoFollowsARolloutLiveAndShowsAFailedInstancesLog(@TempDir Path tmp)
      throws Exception {
    Path binary = Chromium.binary().orElse(null);
    assumeTrue(
        binary != null,
        "no chromium binary on the PATH (chromium, chromium-browser or google-chrome): the browser"
            + " test of the dashboard is skipped; install it with apt-get install -y chromium");

    List<Bundle> bundles = new ArrayList<>(BundleDirectory.read(SAMPLES.resolve("bundles")));
    bundles.addAll(BundleDirectory.read(brokenBundle(tmp.resolve("bundles"))));
    DemoSettings settings =
        new DemoSettings(0, 3, 1, false, Duration.ofSeconds(100), Duration.ofMillis(250));
    try (DemoEnvironment env = DemoEnvironment.start(settings, bundles, step -> {})) {
      String url = env.startDashboard(0);
      DemoConsole quiet =
          new DemoConsole(new PrintWriter(Writer.nullWriter()), false, Clock.systemUTC());
      DemoResult demo =
          new DemoRun(
                  env,
                  new ManifestReader().readDirectory(SAMPLES.resolve("demo")),
                  settings,
                  quiet,
                  Clock.systemUTC(),
                  SAMPLES.getParent())
              .run();
      assertThat(demo.exitCode()).as(String.join("\n", demo.problems())).isZero();
      List<String> demoDeployments =
          env.client().resources(Deployment.class).inAnyNamespace().list().getItems().stream()
              .map(d -> d.getMetadata().getName())
              .toList();
      assertThat(demoDeployments).isNotEmpty();

      try (Chromium chromium = Chromium.start(binary, 1280, 860);
          DevToolsPage page = chromium.page()) {
        page.send("Page.enable", Map.of());
        page.navigate(url + "#/deployments");
        page.waitFor(
            "[...document.querySelectorAll('#deployments tbody tr[data-name]')]"
                + ".map(r => r.dataset.name)",
            names -> names.isArray() && names.size() == demoDeployments.size(),
            Duration.ofSeconds(20));
        JsonNode shown =
            page.evaluate(
                "[...document.querySelectorAll('#deployments tbody tr[data-name]')]"
                    + ".map(r => r.dataset.name + ' ' + r.dataset.phase)");
        List<String> rows = new ArrayList<>();
        shown.forEach(n -> rows.add(n.asText()));
        assertThat(rows)
            .containsExactlyInAnyOrderElementsOf(
                demoDeployments.stream().map(n -> n + " Succeeded").toList());

        // A rollout starts while the page is open: its row appears and moves on by itself.
        page.evaluate("window.notReloaded = true");
        env.client().resource(brokenDeployment()).create();
        Set<String> phases = new LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!phases.contains("Failed") && System.nanoTime() < deadline) {
          JsonNode phase =
              page.evaluate(
                  "document.querySelector('#deployments tr[data-name=\"broken-1\"]')"
                      + "?.dataset.phase ?? null");
          if (!phase.isNull() && !phase.isMissingNode()) {
            phases.add(phase.asText());
          }
          Thread.sleep(50);
        }
        assertThat(phases).contains("InProgress", "Failed");
        assertThat(page.evaluate("window.notReloaded === true").asBoolean())
            .as("the page was updated in place, not reloaded")
            .isTrue();
        page.waitFor(
            "document.querySelectorAll('#deployments tbody tr[data-name]').length",
            n -> n.asInt() >= demoDeployments.size() + 2,
            Duration.ofSeconds(30));
        page.screenshot(Path.of("target", "dashboard.png"));

        // The failed instance's drawer, opened from the instance table, shows the log tail.
        page.evaluate("location.hash = '#/deployments/default/broken-1?status=Failed'");
        page.waitFor(
            "document.querySelectorAll('#instances tbody tr[data-status=\"Failed\"]').length",
            n -> n.asInt() >= 1,
            Duration.ofSeconds(20));
        page.evaluate(
            "document.querySelector('#instances tbody tr[data-status=\"Failed\"] button').click()");
        JsonNode tail =
            page.waitFor(
                "document.querySelector('#drawer:not([hidden]) .log-tail')?.textContent ?? ''",
                t -> t.asText().contains(MARKER),
                Duration.ofSeconds(20));
        assertThat(tail.asText()).contains(MARKER);
        assertThat(
                page.evaluate("document.getElementById('drawer').contains(document.activeElement)")
                    .asBoolean())
            .as("keyboard focus moves into the drawer")
            .isTrue();
        page.screenshot(Path.of("target", "dashboard-instance.png"));
        page.send(
            "Input.dispatchKeyEvent",
            Map.of(
                "type", "keyDown", "key", "Escape", "code", "Escape", "windowsVirtualKeyCode", 27));
        page.waitFor(
            "document.getElementById('drawer').hidden", JsonNode::asBoolean, Duration.ofSeconds(5));

        // 5,000 instances: the first page of the instance table paints well within a second.
        env.system().stopOperator();
        writeBigDeployment(env);
        page.waitFor(
            "fetch('/api/v1/namespaces/scale/deployments/big')"
                + ".then(r => r.ok ? r.json() : {}).then(d => d.total || 0)",
            n -> n.asInt() == BIG,
            Duration.ofSeconds(20));
        // A new document (the query differs), so that performance.now() counts from its start.
        page.navigate(url + "?paint#/deployments/scale/big");
        JsonNode painted =
            page.evaluate(
                "new Promise(resolve => { const check = () =>"
                    + " document.querySelectorAll('#instances tbody tr').length === 100"
                    + " ? resolve(performance.now()) : requestAnimationFrame(check); check(); })");
        assertThat(painted.asDouble())
            .as("ms from navigation to the instance table")
            .isLessThan(1000);
        assertThat(
                page.evaluate("document.querySelector('.pager [role=status]').textContent")
                    .asText())
            .isEqualTo("1–100 of " + BIG);

        // A stepped rollout paused until promoted, and a zonal one: their step, pause and zone.
        PauseStatus pause = new PauseStatus();
        pause.setReason("PausedUntilPromoted");
        pause.setMessage("step 2 of 4: pause until promoted (kubectl fd promote)");
        pause.setStep(2);
        writeInProgressDeployment(
            env,
            "stepped",
            s -> {
              s.setCurrentStep(2);
              s.setPause(pause);
            });
        writeInProgressDeployment(
            env,
            "zonal",
            s -> {
              s.setCurrentZone("eu-west-1b");
              s.setCompletedZones(List.of("eu-west-1a"));
            });
        page.navigate(url + "#/deployments/scale/stepped");
        JsonNode paused =
            page.waitFor(
                "document.getElementById('pause')?.textContent ?? ''",
                t -> !t.asText().isEmpty(),
                Duration.ofSeconds(20));
        assertThat(paused.asText())
            .isEqualTo(
                "PausedUntilPromoted: step 2 of 4: pause until promoted (kubectl fd promote)"
                    + " (until promoted)");
        assertThat(page.evaluate("document.getElementById('step').textContent").asText())
            .isEqualTo("2");
        assertThat(page.evaluate("document.getElementById('zone')").isNull()).isTrue();
        page.navigate(url + "#/deployments/scale/zonal");
        JsonNode zone =
            page.waitFor(
                "document.getElementById('zone')?.textContent ?? ''",
                t -> !t.asText().isEmpty(),
                Duration.ofSeconds(20));
        assertThat(zone.asText()).isEqualTo("eu-west-1b (done: eu-west-1a)");
        assertThat(page.evaluate("document.getElementById('pause')").isNull()).isTrue();
      }
    }
  }

  /** A deployment in progress, its status written by hand (no operator runs by then). */
  private static void writeInProgressDeployment(
      DemoEnvironment env, String name, Consumer<DeploymentStatus> shape) {
    Deployment d = brokenDeployment();
    d.getMetadata().setName(name);
    d.getMetadata().setNamespace("scale");
    Deployment created = env.client().resource(d).create();
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(DeploymentPhase.InProgress);
    status.setInstanceCount(4);
    status.setStartTime("2026-01-05T10:00:00Z");
    shape.accept(status);
    created.setStatus(status);
    env.client().resource(created).updateStatus();
  }

  /** A bundle whose ApplicationStart fails, after a moment, with a line the test looks for. */
  private static Path brokenBundle(Path dir) throws Exception {
    Path bundle = dir.resolve("broken-web");
    Files.createDirectories(bundle.resolve("scripts"));
    Files.writeString(
        bundle.resolve("appspec.yml"),
        "version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n"
            + "    - location: scripts/start.sh\n      timeout: 30\n");
    Path start = bundle.resolve("scripts/start.sh");
    Files.writeString(
        start, "#!/bin/sh\nsleep 2\necho 'starting broken-web'\necho '" + MARKER + "'\nexit 1\n");
    Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static Deployment brokenDeployment() {
    Deployment d = new Deployment();
    d.setMetadata(new ObjectMetaBuilder().withName("broken-1").withNamespace("default").build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference group = new ObjectReference();
    group.setName("web");
    spec.setDeploymentGroupRef(group);
    Revision revision = new Revision();
    S3Location s3 = new S3Location();
    s3.setBucket(DemoFleet.BUCKET);
    s3.setKey("broken-web.tgz");
    s3.setBundleType(BundleType.tgz);
    revision.setS3(s3);
    spec.setRevision(revision);
    d.setSpec(spec);
    return d;
  }

  /**
   * A finished deployment of 5,000 instances, written as its status would be (no operator runs).
   */
  private static void writeBigDeployment(DemoEnvironment env) {
    Deployment d = brokenDeployment();
    d.getMetadata().setName("big");
    d.getMetadata().setNamespace("scale");
    Deployment created = env.client().resource(d).create();
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(DeploymentPhase.Succeeded);
    status.setInstanceCount(BIG);
    status.setStartTime("2026-01-05T10:00:00Z");
    status.setCompletionTime("2026-01-05T10:20:00Z");
    BatchStatus batch = new BatchStatus();
    batch.setNumber(1);
    batch.setSize(BIG);
    batch.setStartTime("2026-01-05T10:00:00Z");
    batch.setEndTime("2026-01-05T10:20:00Z");
    status.setBatches(List.of(batch));
    List<InstanceStatus> instances = new ArrayList<>();
    for (int i = 0; i < BIG; i++) {
      InstanceStatus is = new InstanceStatus();
      is.setId(String.format("i-%017x", i));
      is.setStatus(ExecutionStatus.Succeeded);
      is.setBatch(1);
      is.setStartTime("2026-01-05T10:00:00Z");
      is.setEndTime("2026-01-05T10:00:09Z");
      instances.add(is);
    }
    status.setInstances(instances);
    created.setStatus(status);
    env.client().resource(created).updateStatus();
  }
}
