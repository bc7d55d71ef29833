package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.OperatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHostsType;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.testing.Awaits;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 10-instance rollouts through the whole system (API server, operator, simulated fleet running the
 * real host runner): each configuration rolls out in the batch sizes CodeDeploy's arithmetic gives,
 * and every instance ends Succeeded having run each hook once.
 */
class DeploymentRolloutTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of(
            "all-at-once",
            Resources.predefined(PredefinedDeploymentConfig.AllAtOnce),
            0,
            List.of(10)),
        Arguments.of(
            "half-at-a-time",
            Resources.predefined(PredefinedDeploymentConfig.HalfAtATime),
            5,
            List.of(5, 5)),
        Arguments.of(
            "one-at-a-time",
            Resources.predefined(PredefinedDeploymentConfig.OneAtATime),
            9,
            List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
        Arguments.of(
            "fleet-percent-40",
            Resources.minimum(MinimumHealthyHostsType.FLEET_PERCENT, 40),
            4,
            List.of(6, 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void rollsOutInTheBatchesTheArithmeticGives(
      String name, DeploymentConfig config, int minimum, List<Integer> batchSizes) {
    String ns = "rollout";
    List<String> ids = env.simulator().addInstances(10, Map.of("suite", name));
    env.client().resource(Resources.group(ns, name, "suite", name, config)).create();
    String key = env.uploadBundle("fleet-app", name + "-v1");
    Deployment created =
        env.client().resource(Resources.deployment(ns, name + "-v1", name, BUCKET, key)).create();

    Deployment done = Awaits.finished(env.client(), ns, name + "-v1");

    assertThat(done.getStatus().getPhase())
        .as(done.getStatus().toString())
        .isEqualTo(DeploymentPhase.Succeeded);
    assertThat(done.getStatus().getMinimumHealthyHosts()).isEqualTo(minimum);
    assertThat(done.getStatus().getBatches()).extracting(b -> b.getSize()).isEqualTo(batchSizes);
    assertThat(done.getStatus().getInstances())
        .extracting(InstanceStatus::getId)
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(done.getStatus().getInstances())
        .allSatisfy(
            i -> {
              assertThat(i.getStatus())
                  .as(
                      "%s: %s %s",
                      i.getId(),
                      i.getMessage(),
                      io.fabric8.kubernetes.client.utils.Serialization.asJson(i.getEvents()))
                  .isEqualTo(ExecutionStatus.Succeeded);
              assertThat(i.getLastEvent()).isEqualTo("ValidateService");
            });
    assertThat(done.getStatus().getOverview().getSucceeded()).isEqualTo(10);
    assertThat(done.getStatus().getProgress()).isEqualTo("10/10");
    assertThat(done.getStatus().getRevision().getSha256()).hasSize(64);
    assertThat(done.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    // The ended deployment is counted just after the status write that ended it.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(env.operator().meterRegistry().scrape())
                    .contains(
                        "fleetdeploy_deployments_ended_total{group=\""
                            + name
                            + "\",namespace=\"rollout\",outcome=\"succeeded\"} 1.0")
                    .contains(
                        "fleetdeploy_instances_total{error_code=\"none\",group=\""
                            + name
                            + "\",namespace=\"rollout\",outcome=\"succeeded\"} 10.0")
                    .contains(
                        "fleetdeploy_deployment_duration_seconds_count{group=\"" + name + "\"")
                    .contains("fleetdeploy_batch_duration_seconds_count{group=\"" + name + "\"")
                    .contains("fleetdeploy_aws_calls_total{api=\"Ssm.SendCommand\"}")
                    .contains("fleetdeploy_deployments_active"));
    String uid = created.getMetadata().getUid();
    for (String id : ids) {
      // First install on these hosts: no previous revision, so no ApplicationStop ran.
      assertThat(HostLogs.linesOf(env.simulator(), id, uid))
          .extracting(l -> l.split(" ")[1])
          .containsExactly("BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService");
    }
  }

  @org.junit.jupiter.api.Test
  void everyLogLineOfAReconcileNamesItsResource() {
    var logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.fleetdeploy");
    var captured =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    captured.start();
    logger.addAppender(captured);
    try {
      String ns = "logs";
      env.simulator().addInstances(1, Map.of("suite", "logs"));
      env.client()
          .resource(
              Resources.group(
                  ns,
                  "web",
                  "suite",
                  "logs",
                  Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)))
          .create();
      env.client()
          .resource(
              Resources.deployment(
                  ns, "web-logged", "web", BUCKET, env.uploadBundle("fleet-app", "logs")))
          .create();
      Awaits.finished(env.client(), ns, "web-logged");
      assertThat(captured.list)
          .filteredOn(e -> e.getFormattedMessage().contains("web-logged"))
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e.getMDCPropertyMap())
                      .containsEntry("resource.namespace", ns)
                      .containsEntry("resource.name", "web-logged"));
    } finally {
      logger.detachAppender(captured);
    }
  }

  @org.junit.jupiter.api.Test
  void aBadAppSpecFailsTheDeploymentBeforeAnyHostIsTouched() {
    String ns = "bad-appspec";
    env.simulator().addInstances(2, Map.of("suite", "bad-appspec"));
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "bad-appspec",
                Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)))
        .create();
    String key = env.uploadBundle("bad-appspec", "v1");
    long sendsBefore = env.simulator().calls().count("ssm", "SendCommand");

    env.client().resource(Resources.deployment(ns, "web-bad", "web", BUCKET, key)).create();
    Deployment done = Awaits.finished(env.client(), ns, "web-bad");

    assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
    assertThat(done.getStatus().getErrorInformation().getCode())
        .isEqualTo(ErrorCode.INVALID_REVISION);
    assertThat(done.getStatus().getErrorInformation().getMessage())
        .contains(
            "appspec.yml:4 files[0].destination", "appspec.yml:7 hooks.AfterInstall[0].location");
    assertThat(done.getStatus().getInstances()).isNullOrEmpty();
    assertThat(env.simulator().calls().count("ssm", "SendCommand")).isEqualTo(sendsBefore);
    assertThat(done.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Degraded");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("InvalidRevision");
            });
  }
}
