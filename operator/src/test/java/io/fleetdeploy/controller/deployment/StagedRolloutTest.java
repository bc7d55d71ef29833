package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static io.fleetdeploy.testing.StagedConfigs.count;
import static io.fleetdeploy.testing.StagedConfigs.pause;
import static io.fleetdeploy.testing.StagedConfigs.percent;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.ZoneStatus;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.StagedConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Stepped and zonal rollouts through the Deployment controller, on the in-memory fleet. */
class StagedRolloutTest {
  private static EmbeddedApiServer api;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static ControllerHarness harness(TestInfo test) {
    return ControllerHarness.forTest(api, "", test);
  }

  private static void setUp(ControllerHarness h, int instances, DeploymentConfig config) {
    h.aws().addInstances(instances, Map.of("app", "web"));
    h.create(Resources.group(h.namespace(), "web", "app", "web", config));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
  }

  private static DeploymentConfig allAtOnce() {
    return Resources.predefined(PredefinedDeploymentConfig.AllAtOnce);
  }

  private static Condition paused(Deployment d) {
    return d.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Paused"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Paused condition: " + d.getStatus()));
  }

  private static long deployedTo(Deployment d) {
    return d.getStatus().getInstances().stream()
        .filter(i -> i.getStatus() != ExecutionStatus.Pending)
        .count();
  }

  private static void promote(ControllerHarness h, int step) {
    h.client()
        .resources(Deployment.class)
        .inNamespace(h.namespace())
        .withName("web-r1")
        .edit(
            d -> {
              d.getSpec().setPromote(step);
              return d;
            });
  }

  @Test
  void aPauseUntilPromotedHoldsAfterTheFirstStepUntilSpecPromotePassesIt(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      setUp(h, 4, StagedConfigs.steps(allAtOnce(), count(1), pause(null), percent(100)));

      h.awaitDeployment(
          "web-r1",
          d -> d.getStatus() != null && d.getStatus().getPause() != null,
          Duration.ofMinutes(10));
      h.runFor(Duration.ofHours(1));
      Deployment held = h.deployment("web-r1");

      assertThat(held.getStatus().getPhase()).isEqualTo(DeploymentPhase.InProgress);
      assertThat(held.getStatus().getCurrentStep()).isEqualTo(1);
      assertThat(held.getStatus().getPause().getReason()).isEqualTo("AwaitingPromotion");
      assertThat(held.getStatus().getPause().getUntil()).isNull();
      assertThat(paused(held).getStatus()).isEqualTo("True");
      assertThat(paused(held).getReason()).isEqualTo("AwaitingPromotion");
      assertThat(paused(held).getMessage()).contains("spec.promote to 1");
      assertThat(deployedTo(held)).isEqualTo(1);
      assertThat(h.aws().calls("ssm:SendCommand")).isEqualTo(1);

      promote(h, 1);
      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(done.getStatus().getOverview().getSucceeded()).isEqualTo(4);
      assertThat(done.getStatus().getCurrentStep()).isEqualTo(3);
      assertThat(done.getStatus().getPause()).isNull();
      assertThat(paused(done).getStatus()).isEqualTo("False");
    }
  }

  @Test
  void aTimedPauseSurvivesARestartAndEndsAtTheTimeRecordedInStatus(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      setUp(h, 4, StagedConfigs.steps(allAtOnce(), count(2), pause("30m")));

      Deployment held =
          h.awaitDeployment(
              "web-r1",
              d -> d.getStatus() != null && d.getStatus().getPause() != null,
              Duration.ofMinutes(10));
      Instant until = Instant.parse(held.getStatus().getPause().getUntil());
      assertThat(held.getStatus().getPause().getReason()).isEqualTo("Paused");
      assertThat(Duration.between(Instant.parse(held.getStatus().getStepStartTime()), until))
          .isEqualTo(Duration.ofMinutes(30));

      h.runFor(Duration.ofMinutes(10));
      h.restart();
      h.runFor(Duration.ofMinutes(10));
      assertThat(deployedTo(h.deployment("web-r1"))).isEqualTo(2);
      assertThat(h.deployment("web-r1").getStatus().getPause().getUntil())
          .as("a restart does not start the pause again")
          .isEqualTo(until.toString());

      Deployment done = h.awaitFinished("web-r1", Duration.ofHours(1));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      Instant secondBatch =
          done.getStatus().getInstances().stream()
              .filter(i -> i.getBatch() == 2)
              .map(i -> Instant.parse(i.getStartTime()))
              .findFirst()
              .orElseThrow();
      assertThat(secondBatch).isAfterOrEqualTo(until).isBefore(until.plusSeconds(60));
    }
  }

  @Test
  void eachBatchOfAStepStillHonoursTheMinimumHealthyHosts(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      // OneAtATime: a step of 3 instances goes one at a time.
      setUp(
          h,
          5,
          StagedConfigs.steps(
              Resources.predefined(PredefinedDeploymentConfig.OneAtATime), count(3), pause(null)));

      Deployment held =
          h.awaitDeployment(
              "web-r1",
              d -> d.getStatus() != null && d.getStatus().getPause() != null,
              Duration.ofMinutes(10));

      assertThat(held.getStatus().getBatchesStarted()).isEqualTo(3);
      assertThat(deployedTo(held)).isEqualTo(3);
    }
  }

  @Test
  void aStopDuringAPauseStopsTheDeploymentAndSkipsTheRest(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      setUp(h, 3, StagedConfigs.steps(allAtOnce(), count(1), pause(null)));
      h.awaitDeployment(
          "web-r1",
          d -> d.getStatus() != null && d.getStatus().getPause() != null,
          Duration.ofMinutes(10));
      h.stop("web-r1");

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(done.getStatus().getOverview().getSkipped()).isEqualTo(2);
      assertThat(done.getStatus().getPause()).isNull();
    }
  }

  @Test
  void aBadStepFailsTheDeploymentBeforeAnyHostIsTouchedNamingTheField(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      setUp(h, 3, StagedConfigs.steps(allAtOnce(), count(1), pause("5x")));

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
      assertThat(done.getStatus().getErrorInformation().getCode())
          .isEqualTo(ErrorCode.INVALID_DEPLOYMENT_GROUP);
      assertThat(done.getStatus().getErrorInformation().getMessage())
          .contains("spec.deploymentConfig.steps[1].pause.duration: '5x' is not a duration");
      assertThat(h.aws().calls("ssm:SendCommand")).isZero();
    }
  }

  @Test
  void zonalAndStepsTogetherAreRejectedBeforeAnyHostIsTouched(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      DeploymentConfig both = StagedConfigs.zonal(allAtOnce(), null, "1m", null);
      both.setSteps(List.of(count(1)));
      setUp(h, 3, both);

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getErrorInformation().getMessage())
          .contains("deploymentConfig.zonal: set zonal or steps, not both");
      assertThat(h.aws().calls("ssm:SendCommand")).isZero();
    }
  }

  @Test
  void zonalDeploysOneZoneAtATimeWithItsBakeTimesAndShowsTheZones(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      // The in-memory fleet puts instances in eu-west-1a, b, c in turn: 2 per zone.
      setUp(h, 6, StagedConfigs.zonal(allAtOnce(), "20m", "10m", null));

      Deployment baking =
          h.awaitDeployment(
              "web-r1",
              d ->
                  d.getStatus() != null
                      && d.getStatus().getPause() != null
                      && d.getStatus().getCurrentStep() == 1,
              Duration.ofMinutes(10));
      assertThat(baking.getStatus().getPause().getReason()).isEqualTo("Baking");
      assertThat(baking.getStatus().getCompletedZones()).containsExactly("eu-west-1a");
      assertThat(baking.getStatus().getCurrentZone()).isEqualTo("eu-west-1a");
      assertThat(baking.getStatus().getZones().stream().map(ZoneStatus::getName))
          .containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
      assertThat(deployedTo(baking)).isEqualTo(2);

      Deployment done = h.awaitFinished("web-r1", Duration.ofHours(2));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(done.getStatus().getCompletedZones())
          .containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
      Map<Integer, Instant> batchStart =
          done.getStatus().getInstances().stream()
              .collect(
                  Collectors.toMap(
                      InstanceStatus::getBatch, i -> Instant.parse(i.getStartTime()), (a, b) -> a));
      Map<Integer, List<String>> zonesOfBatch =
          done.getStatus().getInstances().stream()
              .collect(
                  Collectors.groupingBy(
                      InstanceStatus::getBatch,
                      Collectors.mapping(i -> zoneOf(done, i.getId()), Collectors.toList())));
      assertThat(zonesOfBatch.get(1)).containsOnly("eu-west-1a").hasSize(2);
      assertThat(zonesOfBatch.get(2)).containsOnly("eu-west-1b").hasSize(2);
      assertThat(zonesOfBatch.get(3)).containsOnly("eu-west-1c").hasSize(2);
      assertThat(Duration.between(batchStart.get(1), batchStart.get(2)))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(20))
          .isLessThan(Duration.ofMinutes(22));
      assertThat(Duration.between(batchStart.get(2), batchStart.get(3)))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(10))
          .isLessThan(Duration.ofMinutes(12));
    }
  }

  @Test
  void thePerZoneMinimumKeepsInstancesOfTheZoneHealthy(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      setUp(h, 6, StagedConfigs.zonal(allAtOnce(), null, "0", 1));

      Deployment done = h.awaitFinished("web-r1", Duration.ofHours(1));

      assertThat(done.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      // Instances never deployed to are unhealthy: they cost the zone nothing, so 2 at a time.
      assertThat(done.getStatus().getBatchesStarted()).isEqualTo(3);
    }
  }

  private static String zoneOf(Deployment d, String id) {
    return d.getStatus().getZones().stream()
        .filter(z -> z.getInstances().contains(id))
        .map(ZoneStatus::getName)
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unused")
  private static final Comparator<InstanceStatus> BY_ID =
      Comparator.comparing(InstanceStatus::getId);
}
