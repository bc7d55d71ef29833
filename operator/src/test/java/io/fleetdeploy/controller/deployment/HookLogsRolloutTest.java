package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.api.v1alpha1.CloudWatchLogging;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.FullLogLocation;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LoggingSpec;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.dashboard.FullEventLogs;
import io.fleetdeploy.logs.HookLog;
import io.fleetdeploy.logs.HookLogReader;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import io.fleetdeploy.testing.fleet.InMemoryFleetServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A group's spec.logging reaches the hosts' commands, a failed event's status points to the full
 * output, and the hook log reader reads it back, whole or by event, for failed and healthy
 * instances; without spec.logging there is no pointer and the reader says why.
 */
class HookLogsRolloutTest {

  @Test
  void aFailedEventPointsToItsFullOutputInTheGroupsDefaultLogGroup() {
    try (ControllerHarness h = ControllerHarness.start("shop")) {
      h.create(Resources.application("shop", "fleet-app"));
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(3)));
      DeploymentGroup group =
          Resources.group(
              "shop",
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
      LoggingSpec logging = new LoggingSpec();
      CloudWatchLogging cloudWatch = new CloudWatchLogging();
      cloudWatch.setEnabled(true);
      logging.setCloudWatch(cloudWatch);
      group.getSpec().setLogging(logging);
      h.create(group);
      h.create(
          Resources.deployment("shop", "web-1", "web", BUCKET, h.uploadBundle("fleet-app", "1")));

      Deployment done = h.awaitFinished("web-1", Duration.ofMinutes(10));

      InstanceStatus failed = instance(done, ids.get(0));
      FullLogLocation pointer = failed.getEvents().get(0).getDiagnostics().getFullLog();
      assertThat(pointer.getLogGroupName()).isEqualTo("/fleetdeploy/shop/web");
      assertThat(pointer.getLogStreamName())
          .endsWith("/" + ids.get(0) + "/fleetdeployRunner/stderr");
      assertThat(pointer.getS3Bucket()).isNull();

      HookLogReader reader = new HookLogReader(InMemoryFleetServices.outputReader(h.aws()));
      Optional<DeploymentGroup> current = Optional.of(h.group("web"));
      HookLog validate = reader.read(done, current, ids.get(0), Optional.of("ValidateService"));
      assertThat(validate).isInstanceOf(HookLog.Text.class);
      assertThat(((HookLog.Text) validate).text())
          .startsWith("LifecycleEvent - ValidateService")
          .contains("validation failed on " + ids.get(0))
          .doesNotContain("LifecycleEvent - Install");
      assertThat(((HookLog.Text) validate).source())
          .isEqualTo(
              "CloudWatch Logs group /fleetdeploy/shop/web stream " + pointer.getLogStreamName());
      // The dashboard's event log endpoint answers with the same whole output.
      ObjectNode shown =
          new FullEventLogs(reader).read(done, current, ids.get(0), failed.getEvents().get(0));
      assertThat(shown.get("complete").asBoolean()).isTrue();
      assertThat(shown.get("text").asText()).isEqualTo(((HookLog.Text) validate).text());
      assertThat(shown.get("source").asText()).isEqualTo(((HookLog.Text) validate).source());
      // The healthy instance has no pointer, and its batch's commands left status with its results.
      HookLog healthy = reader.read(done, current, ids.get(1), Optional.empty());
      assertThat(((HookLog.Unavailable) healthy).reason())
          .isEqualTo(
              "status keeps where the output is only for failed events and running batches, and "
                  + ids.get(1)
                  + " is Succeeded: its output is in CloudWatch Logs group /fleetdeploy/shop/web,"
                  + " stream <command id>/"
                  + ids.get(1)
                  + "/fleetdeployRunner/stderr");
    }
  }

  @Test
  void withoutSpecLoggingThereIsNoPointerAndTheReaderSaysWhy() {
    try (ControllerHarness h = ControllerHarness.start("plain")) {
      h.create(Resources.application("plain", "fleet-app"));
      List<String> ids = h.aws().addInstances(1, Map.of("app", "web"));
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(3)));
      h.create(
          Resources.group(
              "plain",
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)));
      h.create(
          Resources.deployment("plain", "web-1", "web", BUCKET, h.uploadBundle("fleet-app", "1")));

      Deployment done = h.awaitFinished("web-1", Duration.ofMinutes(10));

      InstanceStatus failed = instance(done, ids.get(0));
      assertThat(failed.getEvents().get(0).getDiagnostics().getLogTail())
          .isEqualTo("validation failed on " + ids.get(0));
      assertThat(failed.getEvents().get(0).getDiagnostics().getFullLog()).isNull();
      HookLog log =
          new HookLogReader(InMemoryFleetServices.outputReader(h.aws()))
              .read(done, Optional.of(h.group("web")), ids.get(0), Optional.empty());
      assertThat(((HookLog.Unavailable) log).reason())
          .startsWith(
              "the full output of "
                  + ids.get(0)
                  + " was not kept outside the host: DeploymentGroup web sets no spec.logging")
          .contains("/var/lib/fleetdeploy/groups/");
      ObjectNode shown =
          new FullEventLogs(new HookLogReader(InMemoryFleetServices.outputReader(h.aws())))
              .read(done, Optional.of(h.group("web")), ids.get(0), failed.getEvents().get(0));
      assertThat(shown.get("complete").asBoolean()).isFalse();
      assertThat(shown.get("text").asText()).isEqualTo("validation failed on " + ids.get(0));
      assertThat(shown.get("note").asText())
          .startsWith("The full output cannot be read: the full output of " + ids.get(0))
          .endsWith("Shown: the tail the Deployment's status keeps.");
    }
  }

  private static InstanceStatus instance(Deployment d, String id) {
    return d.getStatus().getInstances().stream()
        .filter(i -> i.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
