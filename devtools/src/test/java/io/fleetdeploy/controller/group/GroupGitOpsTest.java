package io.fleetdeploy.controller.group;

import static io.fleetdeploy.testing.OperatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The GitOps path: change the group's revision, the fleet follows; re-apply, nothing happens. */
class GroupGitOpsTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();
  private static final String NS = "gitops";

  @org.junit.jupiter.api.BeforeAll
  static void application() {
    env.client().resource(Resources.application(NS, "fleet-app")).create();
  }

  @Test
  void theFleetFollowsTheDeclaredRevisionForwardAndBack() throws Exception {
    List<String> ids = env.simulator().addInstances(3, Map.of("suite", "gitops"));
    String v1 = env.uploadBundle("fleet-app", "g1");
    String v2 = env.uploadBundle("fleet-app", "g2");
    DeploymentGroup group =
        Resources.group(
            NS,
            "web",
            "suite",
            "gitops",
            Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getSpec().setRevision(Resources.s3(BUCKET, v1));
    env.client().resource(group).create();

    DeploymentGroup converged = awaitGroup(g -> readyReason(g, "Converged"));
    List<Deployment> afterV1 = deployments();
    assertThat(afterV1)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getMetadata().getLabels())
                  .containsEntry(Labels.CREATOR, "deploymentGroup");
              assertThat(d.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getName()).isEqualTo("web"));
              assertThat(d.getStatus().getCreator().name()).isEqualTo("DEPLOYMENT_GROUP");
              assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
            });
    String v1Sha = afterV1.get(0).getStatus().getRevision().getSha256();
    assertThat(converged.getStatus().getLastSuccessfulRevision().getSha256()).isEqualTo(v1Sha);
    assertThat(converged.getStatus().getLastSuccessfulDeployment())
        .isEqualTo(afterV1.get(0).getMetadata().getName());
    assertThat(converged.getStatus().getTargetRevision().getSha256()).isEqualTo(v1Sha);
    assertThat(converged.getStatus().getInstances())
        .hasSize(3)
        .allSatisfy(
            i -> {
              assertThat(i.getRevision()).isEqualTo(v1Sha.substring(0, 12));
              assertThat(i.getHealth()).isEqualTo(InstanceHealth.Healthy);
              assertThat(i.getAz()).startsWith("eu-west-1");
            });
    assertThat(converged.getStatus().getInstances())
        .extracting(i -> i.getId())
        .containsExactlyInAnyOrderElementsOf(ids);

    // Re-applying the same manifest (same spec: no new generation, or a no-op edit) creates
    // nothing.
    env.client().resource(group).update();
    Thread.sleep(2_000);
    assertThat(deployments()).hasSize(1);

    // Change the revision in git: exactly one rollout of it.
    edit(g -> g.getSpec().setRevision(Resources.s3(BUCKET, v2)));
    DeploymentGroup onV2 =
        awaitGroup(
            g ->
                readyReason(g, "Converged")
                    && !v1Sha.equals(g.getStatus().getLastSuccessfulRevision().getSha256()));
    assertThat(deployments()).hasSize(2);
    String v2Sha = onV2.getStatus().getLastSuccessfulRevision().getSha256();
    assertThat(onV2.getStatus().getInstances())
        .allSatisfy(i -> assertThat(i.getRevision()).isEqualTo(v2Sha.substring(0, 12)));

    // Revert it: the fleet rolls back to v1 by a new rollout.
    edit(g -> g.getSpec().setRevision(Resources.s3(BUCKET, v1)));
    DeploymentGroup back =
        awaitGroup(
            g ->
                readyReason(g, "Converged")
                    && v1Sha.equals(g.getStatus().getLastSuccessfulRevision().getSha256()));
    assertThat(deployments())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded));
    assertThat(back.getStatus().getInstances())
        .allSatisfy(i -> assertThat(i.getRevision()).isEqualTo(v1Sha.substring(0, 12)));

    // The application aggregates its group.
    Application app =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    env.client()
                        .resources(Application.class)
                        .inNamespace(NS)
                        .withName("fleet-app")
                        .get(),
                a ->
                    a.getStatus() != null
                        && a.getStatus().getDeploymentGroups() != null
                        && a.getStatus().getDeploymentGroups().stream()
                            .anyMatch(
                                g ->
                                    g.getName().equals("web")
                                        && Boolean.TRUE.equals(g.getReady())
                                        && String.valueOf(g.getRevision())
                                            .contains("@" + v1Sha.substring(0, 8))));
    assertThat(app.getStatus().getDeploymentGroups())
        .filteredOn(g -> g.getName().equals("web"))
        .singleElement()
        .satisfies(g -> assertThat(g.getPhase()).isEqualTo("Succeeded"));
  }

  @Test
  void pausedStartsNothingNew() throws Exception {
    env.simulator().addInstances(1, Map.of("suite", "paused"));
    String v1 = env.uploadBundle("fleet-app", "p1");
    DeploymentGroup group =
        Resources.group(
            NS,
            "paused",
            "suite",
            "paused",
            Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getSpec().setPaused(true);
    group.getSpec().setRevision(Resources.s3(BUCKET, v1));
    env.client().resource(group).create();
    Deployment waiting =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    env
                        .client()
                        .resources(Deployment.class)
                        .inNamespace(NS)
                        .withLabel(Labels.DEPLOYMENT_GROUP, "paused")
                        .list()
                        .getItems()
                        .stream()
                        .findFirst()
                        .orElse(null),
                d ->
                    d != null
                        && d.getStatus() != null
                        && d.getStatus().getPhase() == DeploymentPhase.Queued);
    assertThat(waiting.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("GroupPaused"));
    Thread.sleep(1_500);
    assertThat(
            env.client()
                .resources(Deployment.class)
                .inNamespace(NS)
                .withName(waiting.getMetadata().getName())
                .get()
                .getStatus()
                .getPhase())
        .isEqualTo(DeploymentPhase.Queued);

    env.client()
        .resources(DeploymentGroup.class)
        .inNamespace(NS)
        .withName("paused")
        .edit(
            g -> {
              g.getSpec().setPaused(false);
              return g;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                env.client()
                        .resources(Deployment.class)
                        .inNamespace(NS)
                        .withName(waiting.getMetadata().getName())
                        .get()
                        .getStatus()
                        .getPhase()
                    == DeploymentPhase.Succeeded);
  }

  @Test
  void supersedeStopsTheOlderRolloutAndRollsTheNewRevisionOut() throws Exception {
    List<String> ids = env.simulator().addInstances(3, Map.of("suite", "supersede"));
    ids.forEach(id -> writeFile(id, "etc/fleet-app/slow", "1\n"));
    String s1 = env.uploadBundle("fleet-app", "s1");
    String s2 = env.uploadBundle("fleet-app", "s2");
    DeploymentGroup group =
        Resources.withAutoRollback(
            Resources.group(
                NS,
                "fast",
                "suite",
                "supersede",
                Resources.predefined(PredefinedDeploymentConfig.OneAtATime)),
            io.fleetdeploy.api.v1alpha1.RollbackEvent.DeploymentFailure,
            io.fleetdeploy.api.v1alpha1.RollbackEvent.DeploymentStopOnRequest);
    group.getSpec().setSupersede(true);
    group.getSpec().setRevision(Resources.s3(BUCKET, s1));
    env.client().resource(group).create();
    Deployment first =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    ofGroup("fast").stream()
                        .filter(
                            d ->
                                d.getStatus() != null
                                    && d.getStatus().getPhase() == DeploymentPhase.InProgress)
                        .findFirst()
                        .orElse(null),
                d -> d != null);

    env.client()
        .resources(DeploymentGroup.class)
        .inNamespace(NS)
        .withName("fast")
        .edit(
            g -> {
              g.getSpec().setRevision(Resources.s3(BUCKET, s2));
              return g;
            });
    Deployment stopped =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    env.client()
                        .resources(Deployment.class)
                        .inNamespace(NS)
                        .withName(first.getMetadata().getName())
                        .get(),
                d -> GroupDeployments.finished(d));
    assertThat(stopped.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
    assertThat(stopped.getMetadata().getAnnotations()).containsKey(Labels.SUPERSEDED_BY);
    assertThat(stopped.getStatus().getRollbackInfo().getMessage()).contains("superseded");
    DeploymentGroup done =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    env.client()
                        .resources(DeploymentGroup.class)
                        .inNamespace(NS)
                        .withName("fast")
                        .get(),
                g ->
                    g.getStatus() != null
                        && g.getStatus().getConditions() != null
                        && readyReason(g, "Converged"));
    assertThat(ofGroup("fast")).hasSize(2);
    assertThat(done.getStatus().getLastSuccessfulDeployment())
        .isNotEqualTo(first.getMetadata().getName());
  }

  @Test
  void historyIsPrunedToTheLimitButTheLastSuccessIsKept() {
    env.simulator().addInstances(1, Map.of("suite", "history"));
    DeploymentGroup group =
        Resources.group(
            NS,
            "history",
            "suite",
            "history",
            Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getSpec().setRevisionHistoryLimit(1);
    group.getSpec().setRevision(Resources.s3(BUCKET, env.uploadBundle("fleet-app", "r1")));
    env.client().resource(group).create();
    for (String version : List.of("r2", "r3")) {
      awaitConverged("history");
      String key = env.uploadBundle("fleet-app", version);
      env.client()
          .resources(DeploymentGroup.class)
          .inNamespace(NS)
          .withName("history")
          .edit(
              g -> {
                g.getSpec().setRevision(Resources.s3(BUCKET, key));
                return g;
              });
    }
    awaitConverged("history");
    await().atMost(Duration.ofSeconds(20)).until(() -> ofGroup("history").size() == 2);
    assertThat(ofGroup("history"))
        .extracting(d -> d.getSpec().getRevision().getS3().getKey())
        .containsExactlyInAnyOrder("fleet-app/fleet-app-r2.tgz", "fleet-app/fleet-app-r3.tgz");
  }

  private static void awaitConverged(String group) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              DeploymentGroup g =
                  env.client()
                      .resources(DeploymentGroup.class)
                      .inNamespace(NS)
                      .withName(group)
                      .get();
              return g.getStatus() != null
                  && g.getStatus().getLastSuccessfulRevision() != null
                  && g.getStatus().getObservedGeneration().equals(g.getMetadata().getGeneration())
                  && !ofGroup(group).stream().anyMatch(d -> !GroupDeployments.finished(d));
            });
  }

  private static List<Deployment> ofGroup(String group) {
    return env.client()
        .resources(Deployment.class)
        .inNamespace(NS)
        .withLabel(Labels.DEPLOYMENT_GROUP, group)
        .list()
        .getItems();
  }

  private static void writeFile(String instanceId, String relative, String content) {
    try {
      java.nio.file.Path file = env.simulator().instanceRoot(instanceId).resolve(relative);
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.writeString(file, content);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Deployment> deployments() {
    return env.client()
        .resources(Deployment.class)
        .inNamespace(NS)
        .withLabel(Labels.DEPLOYMENT_GROUP, "web")
        .list()
        .getItems();
  }

  private static void edit(java.util.function.Consumer<DeploymentGroup> change) {
    env.client()
        .resources(DeploymentGroup.class)
        .inNamespace(NS)
        .withName("web")
        .edit(
            g -> {
              change.accept(g);
              return g;
            });
  }

  private static DeploymentGroup awaitGroup(Predicate<DeploymentGroup> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                env.client().resources(DeploymentGroup.class).inNamespace(NS).withName("web").get(),
            g ->
                g != null
                    && g.getStatus() != null
                    && g.getStatus().getObservedGeneration() != null
                    && g.getStatus().getObservedGeneration().equals(g.getMetadata().getGeneration())
                    && condition.test(g));
  }

  static boolean readyReason(DeploymentGroup g, String reason) {
    return g.getStatus().getConditions() != null
        && g.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getReason().equals(reason));
  }
}
