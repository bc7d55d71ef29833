package io.fleetdeploy.kubectl;

import static io.fleetdeploy.kubectl.PluginFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.PauseStatus;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.kubectl.PluginFixture.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's verbs against the embedded API server, through a kubeconfig as a user has one:
 * golden output for get, exit codes for status, the objects the writing verbs leave behind, and
 * one-line errors.
 */
class KubectlPluginTest {
  @TempDir static Path dir;
  private static EmbeddedApiServer api;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    api = EmbeddedApiServer.start(0);
    kubeconfig = PluginFixture.kubeconfig(api, dir);
    PluginFixture.create(api, PluginFixture.group("shop", "web"));
    PluginFixture.create(api, PluginFixture.failedRollout("shop", "web-2", "web"));
    PluginFixture.create(
        api, PluginFixture.deployment("shop", "web-ok", "web", DeploymentPhase.Succeeded));
    PluginFixture.create(
        api, PluginFixture.deployment("shop", "web-stopped", "web", DeploymentPhase.Stopped));
    PluginFixture.create(
        api, PluginFixture.deployment("shop", "web-running", "web", DeploymentPhase.InProgress));
    PluginFixture.create(
        api, PluginFixture.deployment("shop", "api-1", "api", DeploymentPhase.Succeeded));
    PluginFixture.create(
        api, PluginFixture.deployment("other", "elsewhere", "web", DeploymentPhase.Failed));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String golden(String name) throws IOException {
    try (var in = KubectlPluginTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void getDeploymentPrintsTheTreeOfBatchesInstancesAndEvents() throws IOException {
    Result r = run(kubeconfig, "get", "deployment", "web-2");

    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(golden("get-deployment-web-2.txt"));
  }

  @Test
  void getGroupPrintsTargetsRevisionsAndInventory() throws IOException {
    Result r = run(kubeconfig, "get", "group", "web");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(golden("get-group-web.txt"));
  }

  @Test
  void getDeploymentWatchEndsWhenTheDeploymentHasEnded() {
    Result r = run(kubeconfig, "get", "deployment", "web-2", "-w");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("\033[H\033[2JDeployment shop/web-2  Failed\n");
  }

  @Test
  void statusExitCodesAreACiGate() {
    assertThat(run(kubeconfig, "status", "web-ok").exitCode()).isEqualTo(0);
    Result failed = run(kubeconfig, "status", "web-2");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out())
        .isEqualTo(
            "web-2: Failed 2/3 HEALTH_CONSTRAINTS: 1 instance(s) failed; fewer than the minimum"
                + " healthy would remain\n");
    assertThat(run(kubeconfig, "status", "web-stopped").exitCode()).isEqualTo(1);
    assertThat(run(kubeconfig, "status", "web-running").exitCode()).isEqualTo(3);

    Result timedOut =
        run(
            kubeconfig,
            "status",
            "web-running",
            "--watch",
            "--timeout",
            "1s",
            "--interval",
            "200ms");
    assertThat(timedOut.exitCode()).isEqualTo(2);
    assertThat(timedOut.out()).endsWith("web-running: not finished after 1s (still InProgress)\n");

    Result missing = run(kubeconfig, "status", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .isEqualTo("kubectl fleetdeploy status: deployment nope not found in namespace shop\n");

    Result usage = run(kubeconfig, "status", "web-ok", "--timeout", "soon", "--watch");
    assertThat(usage.exitCode()).isEqualTo(KubectlFleetdeploy.USAGE);
    assertThat(usage.err())
        .contains("--timeout must be a duration such as 90s")
        .contains("see 'kubectl fleetdeploy status --help'");
  }

  @Test
  void statusWatchWaitsForTheEnd() throws Exception {
    PluginFixture.create(
        api, PluginFixture.deployment("shop", "web-later", "web", DeploymentPhase.InProgress));
    CompletableFuture<Result> watching =
        CompletableFuture.supplyAsync(
            () -> run(kubeconfig, "status", "web-later", "--watch", "--interval", "200ms"));
    Thread.sleep(700);
    Deployment d =
        api.client().resources(Deployment.class).inNamespace("shop").withName("web-later").get();
    d.getStatus().setPhase(DeploymentPhase.Succeeded);
    d.getStatus().setProgress("3/3");
    api.client().resource(d).updateStatus();

    Result r = watching.get(30, TimeUnit.SECONDS);
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("web-later: InProgress\nweb-later: Succeeded 3/3\n");
  }

  @Test
  void listFiltersByGroupAndPhaseInTheContextsNamespace() {
    Result byGroup = run(kubeconfig, "list", "deployments", "--group", "web", "--phase", "failed");
    assertThat(byGroup.exitCode()).isZero();
    assertThat(byGroup.out().lines().toList()).hasSize(2).first().asString().startsWith("NAME");
    assertThat(byGroup.out()).contains("web-2").doesNotContain("elsewhere", "web-ok");

    Result all = run(kubeconfig, "list", "deployments");
    assertThat(all.out()).contains("web-2", "web-ok", "api-1").doesNotContain("elsewhere");
    Result other = run(kubeconfig, "--context", "other", "list", "deployments");
    assertThat(other.out()).contains("elsewhere").doesNotContain("web-2");
    Result explicit = run(kubeconfig, "-n", "other", "list", "deployments");
    assertThat(explicit.out()).contains("elsewhere");
    Result badPhase = run(kubeconfig, "list", "deployments", "--phase", "Done");
    assertThat(badPhase.exitCode()).isEqualTo(KubectlFleetdeploy.USAGE);
    assertThat(badPhase.err())
        .startsWith("kubectl fleetdeploy list deployments: --phase must be one of");
    Result badContext = run(kubeconfig, "--context", "nowhere", "list", "deployments");
    assertThat(badContext.exitCode()).isEqualTo(1);
    assertThat(badContext.err())
        .isEqualTo(
            "kubectl fleetdeploy list deployments: context nowhere is not in the kubeconfig\n");
  }

  @Test
  void createDeploymentPrintsTheNameOfWhatItCreated() {
    Result r =
        run(
            kubeconfig,
            "create",
            "deployment",
            "--group",
            "web",
            "--s3",
            "s3://bundles/web/web-9.tar.gz");

    assertThat(r.err()).isEmpty();
    String name = r.out().strip();
    assertThat(name).matches("web-[a-z0-9]{5}");
    Deployment d =
        api.client().resources(Deployment.class).inNamespace("shop").withName(name).get();
    assertThat(d.getSpec().getDeploymentGroupRef().getName()).isEqualTo("web");
    assertThat(d.getSpec().getRevision().getS3().getBucket()).isEqualTo("bundles");
    assertThat(d.getSpec().getRevision().getS3().getKey()).isEqualTo("web/web-9.tar.gz");
    assertThat(d.getSpec().getRevision().getS3().getBundleType().name()).isEqualTo("tgz");

    Result unknownType =
        run(kubeconfig, "create", "deployment", "--group", "web", "--s3", "s3://bundles/web/web-9");
    assertThat(unknownType.exitCode()).isEqualTo(1);
    assertThat(unknownType.err())
        .isEqualTo(
            "kubectl fleetdeploy create deployment: cannot tell the bundle type of web/web-9 from"
                + " its name: add --bundle-type zip|tar|tgz\n");
    Result noGroup =
        run(kubeconfig, "create", "deployment", "--group", "nope", "--s3", "s3://b/k.zip");
    assertThat(noGroup.err()).endsWith("deployment group nope not found in namespace shop\n");
    Result missingOption = run(kubeconfig, "create", "deployment", "--group", "web");
    assertThat(missingOption.exitCode()).isEqualTo(KubectlFleetdeploy.USAGE);
    assertThat(missingOption.err()).contains("Missing required option: '--s3=s3://BUCKET/KEY'");
  }

  @Test
  void promoteWritesThePausedStepToSpecPromote() {
    Deployment paused =
        PluginFixture.deployment("shop", "web-paused", "web", DeploymentPhase.InProgress);
    PauseStatus pause = new PauseStatus();
    pause.setStep(1);
    pause.setReason("AwaitingPromotion");
    paused.getStatus().setPause(pause);
    PluginFixture.create(api, paused);

    Result promote = run(kubeconfig, "promote", "web-paused");

    assertThat(promote.exitCode()).isZero();
    assertThat(promote.out())
        .isEqualTo("deployment web-paused promoted past step 1 (AwaitingPromotion)\n");
    assertThat(
            api.client()
                .resources(Deployment.class)
                .inNamespace("shop")
                .withName("web-paused")
                .get()
                .getSpec()
                .getPromote())
        .isEqualTo(1);
    Result notPaused = run(kubeconfig, "promote", "web-ok");
    assertThat(notPaused.exitCode()).isEqualTo(1);
    assertThat(notPaused.err())
        .contains("deployment web-ok is not paused: only a paused stepped rollout is promoted");
  }

  @Test
  void stopRetryAndRollbackWriteSpecsAndNewDeployments() {
    PluginFixture.create(
        api, PluginFixture.deployment("shop", "web-stop-me", "web", DeploymentPhase.InProgress));
    Result stop = run(kubeconfig, "stop", "web-stop-me", "--rollback");
    assertThat(stop.out())
        .isEqualTo(
            "deployment web-stop-me stopping; the instances it changed will be rolled back\n");
    Deployment stopped =
        api.client().resources(Deployment.class).inNamespace("shop").withName("web-stop-me").get();
    assertThat(stopped.getSpec().getStop()).isTrue();
    assertThat(stopped.getSpec().getAutoRollback().getEvents())
        .contains(RollbackEvent.DeploymentStopOnRequest);
    assertThat(run(kubeconfig, "stop", "web-ok").err())
        .endsWith("deployment web-ok already ended: Succeeded\n");

    // A user's deployment is retried with a new one of the same revision.
    Result retry = run(kubeconfig, "retry", "web-2");
    String again = retry.out().strip();
    Deployment retried =
        api.client().resources(Deployment.class).inNamespace("shop").withName(again).get();
    assertThat(retried.getSpec().getRevision().getS3().getKey()).isEqualTo("web/web-2.tgz");
    // One the group made for its declared revision: the group's spec.retry goes up.
    Deployment declared =
        PluginFixture.deployment("shop", "web-declared", "web", DeploymentPhase.Failed);
    declared.getStatus().setCreator(DeploymentCreator.DEPLOYMENT_GROUP);
    PluginFixture.create(api, declared);
    Result retryDeclared = run(kubeconfig, "retry", "web-declared");
    assertThat(retryDeclared.out()).startsWith("deployment group web spec.retry raised to ");
    assertThat(
            api.client()
                .resources(DeploymentGroup.class)
                .inNamespace("shop")
                .withName("web")
                .get()
                .getSpec()
                .getRetry())
        .isPositive();
    assertThat(run(kubeconfig, "retry", "web-ok").err())
        .endsWith("deployment web-ok is Succeeded: only Failed or Stopped ones are retried\n");

    Result rollback = run(kubeconfig, "rollback", "web");
    Deployment back =
        api.client()
            .resources(Deployment.class)
            .inNamespace("shop")
            .withName(rollback.out().strip())
            .get();
    assertThat(back.getSpec().getRevision().getS3().getKey()).isEqualTo("web/web-1.tgz");
    assertThat(back.getSpec().getRevision().getS3().getVersion()).isEqualTo("v-1");
    Result rollbackTo = run(kubeconfig, "rollback", "web", "--to", "web-ok");
    Deployment to =
        api.client()
            .resources(Deployment.class)
            .inNamespace("shop")
            .withName(rollbackTo.out().strip())
            .get();
    assertThat(to.getSpec().getRevision().getS3().getKey()).isEqualTo("web/web-ok.tgz");
    assertThat(run(kubeconfig, "rollback", "web", "--to", "api-1").err())
        .endsWith("deployment api-1 belongs to group api, not web\n");
  }

  @Test
  void dashboardWithoutTheOperatorsServiceSaysWhereItLooked() {
    Result r = run(kubeconfig, "dashboard");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "kubectl fleetdeploy dashboard: no service with a port named http-ui in namespace"
                + " fleetdeploy-system: is the operator installed there with its dashboard on"
                + " (--operator-namespace to look elsewhere)?\n");
  }

  @Test
  void anUnreachableApiServerIsOneLine() throws IOException {
    Path broken =
        Files.writeString(
            dir.resolve("broken-kubeconfig"),
            Files.readString(kubeconfig).replace(api.url(), "http://127.0.0.1:1"));
    Result r = run(broken, "get", "deployment", "web-2");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "kubectl fleetdeploy get deployment: cannot reach the API server at"
                + " http://127.0.0.1:1/: connection refused (check the kubeconfig's server, or"
                + " --context)\n");
  }

  @Test
  void theLauncherRunsTheJarWithTheArgumentsAndTheNameItWasCalledBy() throws Exception {
    Path launcher = dir.resolve("kubectl-fd");
    Files.writeString(
        launcher,
        InstallCommand.script(Path.of("/opt/it's here/kubectl-fleetdeploy.jar"), "kubectl fd"));
    Process p =
        new ProcessBuilder("sh", launcher.toString(), "get", "deployment", "a b")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    // JAVA=printf prints its arguments one a line instead of starting a JVM.
    Process shown =
        new ProcessBuilder(
                "sh", "-c", "JAVA=./show sh \"$0\" get deployment 'a b'", launcher.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    Files.writeString(
        dir.resolve("show"),
        "#!/bin/sh\necho \"$FLEETDEPLOY_PLUGIN_NAME\"; for a in \"$@\"; do echo \"[$a]\"; done\n");
    dir.resolve("show").toFile().setExecutable(true);
    shown.waitFor();
    Process again =
        new ProcessBuilder(
                "sh", "-c", "JAVA=./show sh \"$0\" get deployment 'a b'", launcher.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    again.waitFor();
    p.destroy();
    assertThat(out)
        .isEqualTo(
            "kubectl fd\n[-jar]\n[/opt/it's here/kubectl-fleetdeploy.jar]\n[get]\n[deployment]\n[a b]\n");
  }
}
