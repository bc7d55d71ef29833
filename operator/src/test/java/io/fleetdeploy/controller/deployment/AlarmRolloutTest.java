package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.AlarmConfiguration;
import io.fleetdeploy.api.v1alpha1.AlarmRef;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.Alarms.AlarmState;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * CloudWatch alarms on the in-memory fleet: one in ALARM stops the deployment (ALARM_ACTIVE) at the
 * next poll, between batches too, and rolls it back when DeploymentStopOnAlarm asks; an unreadable
 * alarm stops it unless ignorePollAlarmFailure; ignoreAlarms and enabled: false ignore them.
 */
class AlarmRolloutTest {
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
    return ControllerHarness.forTest(api, "al-", test);
  }

  static DeploymentGroup watching(
      ControllerHarness h, boolean enabled, boolean ignorePollFailure, String... alarms) {
    DeploymentGroup group =
        Resources.group(
            h.namespace(),
            "web",
            "app",
            "web",
            Resources.predefined(PredefinedDeploymentConfig.OneAtATime));
    AlarmConfiguration config = new AlarmConfiguration();
    config.setEnabled(enabled);
    config.setIgnorePollAlarmFailure(ignorePollFailure);
    config.setAlarms(
        Arrays.stream(alarms)
            .map(
                n -> {
                  AlarmRef ref = new AlarmRef();
                  ref.setName(n);
                  return ref;
                })
            .toList());
    group.getSpec().setAlarmConfiguration(config);
    return group;
  }

  private static Deployment deploy(ControllerHarness h, String name, String version) {
    return h.create(
        Resources.deployment(
            h.namespace(), name, "web", BUCKET, h.uploadBundle("fleet-app", version)));
  }

  private static List<ExecutionStatus> statuses(Deployment d) {
    return d.getStatus().getInstances().stream().map(InstanceStatus::getStatus).toList();
  }

  @Test
  void anAlarmFiringMidRolloutStopsItAndRollsBack(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.OK);
      h.create(
          Resources.withAutoRollback(
              watching(h, true, false, "web-5xx"), RollbackEvent.DeploymentStopOnAlarm));
      deploy(h, "web-r1", "r1");
      assertThat(h.awaitFinished("web-r1", Duration.ofMinutes(30)).getStatus().getPhase())
          .isEqualTo(DeploymentPhase.Succeeded);

      deploy(h, "web-r2", "r2");
      h.awaitDeployment("web-r2", ControllerHarness.batchesStarted(2), Duration.ofMinutes(30));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.ALARM);
      Deployment r2 = h.awaitFinished("web-r2", Duration.ofMinutes(30));

      assertThat(r2.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(r2.getStatus().getErrorInformation().getCode()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(r2.getStatus().getErrorInformation().getMessage())
          .contains("CloudWatch alarm web-5xx is in ALARM");
      assertThat(statuses(r2)).contains(ExecutionStatus.Skipped);
      assertThat(statuses(r2).stream().filter(s -> s == ExecutionStatus.Succeeded).count())
          .isBetween(2L, 3L);
      assertThat(r2.getStatus().getRollbackInfo().getRollbackDeployment())
          .isEqualTo("web-r2-rollback");

      // The rollback goes ahead while the alarm still fires: it is the cure.
      Deployment rollback = h.awaitFinished("web-r2-rollback", Duration.ofMinutes(30));
      assertThat(rollback.getSpec().getIgnoreAlarms()).isTrue();
      assertThat(rollback.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    }
  }

  @Test
  void withoutStopOnAlarmTheStopIsNotRolledBack(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.OK);
      h.create(
          Resources.withAutoRollback(
              watching(h, true, false, "web-5xx"), RollbackEvent.DeploymentStopOnRequest));
      deploy(h, "web-r1", "r1");
      h.awaitFinished("web-r1", Duration.ofMinutes(30));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.ALARM);
      deploy(h, "web-r2", "r2");
      Deployment r2 = h.awaitFinished("web-r2", Duration.ofMinutes(30));
      assertThat(r2.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(r2.getStatus().getErrorInformation().getCode()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(r2.getStatus().getRollbackInfo().getMessage())
          .contains("not enabled for DeploymentStopOnAlarm");
      assertThat(h.deployment("web-r2-rollback")).isNull();
    }
  }

  @Test
  void anAlarmThatDoesNotExistStopsTheDeployment(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.create(watching(h, true, false, "no-such-alarm"));
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(d.getStatus().getErrorInformation().getCode()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(d.getStatus().getErrorInformation().getMessage())
          .contains("CloudWatch alarm no-such-alarm does not exist")
          .contains("ignorePollAlarmFailure");
    }
  }

  @Test
  void cloudWatchFailingStopsTheDeployment(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.OK);
      h.create(watching(h, true, false, "web-5xx"));
      h.aws().failNext("cloudwatch:DescribeAlarms", 1);
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(d.getStatus().getErrorInformation().getMessage())
          .contains("the alarms could not be read");
    }
  }

  @Test
  void ignorePollAlarmFailureGoesOnWhenAnAlarmCannotBeRead(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.create(watching(h, true, true, "no-such-alarm"));
      h.aws().failNext("cloudwatch:DescribeAlarms", 1);
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(h.aws().calls("cloudwatch:DescribeAlarms")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void ignoreAlarmsDeploysWhileAnAlarmFires(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.ALARM);
      h.create(watching(h, true, false, "web-5xx"));
      Deployment d =
          Resources.deployment(
              h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1"));
      d.getSpec().setIgnoreAlarms(true);
      h.create(d);
      assertThat(h.awaitFinished("web-r1", Duration.ofMinutes(30)).getStatus().getPhase())
          .isEqualTo(DeploymentPhase.Succeeded);
      assertThat(h.aws().calls("cloudwatch:DescribeAlarms")).isZero();
    }
  }

  @Test
  void disabledAlarmsAreNotRead(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().traffic().setAlarm("web-5xx", AlarmState.ALARM);
      h.create(watching(h, false, false, "web-5xx"));
      deploy(h, "web-r1", "r1");
      assertThat(h.awaitFinished("web-r1", Duration.ofMinutes(30)).getStatus().getPhase())
          .isEqualTo(DeploymentPhase.Succeeded);
      assertThat(h.aws().calls("cloudwatch:DescribeAlarms")).isZero();
    }
  }
}
