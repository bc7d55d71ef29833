package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.CloudWatchLogging;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.FullLogLocation;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.api.v1alpha1.LoggingSpec;
import io.fleetdeploy.api.v1alpha1.S3Logging;
import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.fleet.OutputLocation;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.logs.HookLog;
import io.fleetdeploy.logs.HookLogReader;
import io.fleetdeploy.simulator.AwsSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's spec.logging through SSM's own output options: the runner's whole log reaches
 * CloudWatch Logs and S3 past what SSM returns, each failed host's invocation says where, the
 * result carries the last 4 KiB, and {@link HookLogReader} reads it back, whole or one event.
 */
class SsmHostOutputTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final Duration POLL = Duration.ofMillis(500);
  private static final String LOG_GROUP = "/fleetdeploy/shop/web";
  private static final String BUCKET = "host-output";

  @TempDir static Path work;
  private static AwsRevisionStore revisions;
  private static PinnedBundle bundle;

  @BeforeAll
  static void revision() {
    AdapterBundle.createBucket(AWS.simulator());
    AWS.simulator().createBucket(BUCKET);
    revisions = new AwsRevisionStore(AWS.aws());
    bundle = revisions.pin(AdapterBundle.upload(AWS.simulator(), work, "3"));
  }

  @Test
  void aFailedHostsWholeOutputIsInCloudWatchAndS3AndReadBackByEvent() throws Exception {
    AwsSimulator sim = AWS.simulator();
    List<String> ids = sim.addInstances(2, Map.of("app", "output"));
    String broken = ids.get(0);
    String healthy = ids.get(1);
    Path marker = sim.instanceRoot(broken).resolve(AdapterBundle.BROKEN_MARKER);
    Files.createDirectories(marker.getParent());
    Files.writeString(marker, "port 8080 refused connections");
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    HostOutput output =
        new HostOutput(Optional.of(LOG_GROUP), Optional.of(BUCKET), Optional.of("runs/web"));
    HostCommand base = HostRuns.command(revisions, bundle, "d-output", 1);
    HostCommand command =
        new HostCommand(
            base.deploymentId(),
            base.batch(),
            base.planJson(),
            base.deliveryTimeout(),
            base.executionTimeout(),
            base.batchStart(),
            output);

    List<String> commands = executor.send(command, ids);
    Map<String, Invocation> done =
        HostRuns.awaitDone(executor, commands, 2, POLL, Duration.ofSeconds(90));

    Invocation failed = done.get(broken);
    OutputLocation where = failed.output();
    String commandId = commands.get(0);
    assertThat(where.logGroup()).contains(LOG_GROUP);
    assertThat(where.logStream()).contains(commandId + "/" + broken + "/fleetdeployRunner/stderr");
    assertThat(where.s3Bucket()).contains(BUCKET);
    assertThat(where.s3Key())
        .contains(
            "runs/web/" + commandId + "/" + broken + "/awsrunShellScript/fleetdeployRunner/stderr");
    AwsHostOutputReader reader = new AwsHostOutputReader(AWS.aws());
    assertThat(reader.locate(output, commandId, broken)).isEqualTo(where);

    // The result's tail is the end of the output (its last 4 KiB), the first lines only in full.
    EventResult validate = HostRuns.result(failed).failedEvent().orElseThrow();
    String tail = validate.logTail().orElseThrow();
    assertThat(tail.length()).isGreaterThan(2048).isLessThanOrEqualTo(4096);
    assertThat(tail)
        .contains("diagnostic line 60", "check failed: port 8080 refused connections")
        .doesNotContain("diagnostic line 1:");
    String fromCloudWatch = reader.read(where);
    String fromS3 =
        reader.read(
            new OutputLocation(
                Optional.empty(), Optional.empty(), where.s3Bucket(), where.s3Key()));
    for (String full : List.of(fromCloudWatch, fromS3)) {
      assertThat(full)
          .contains(
              "LifecycleEvent - AfterInstall",
              "LifecycleEvent - ValidateService",
              "[stdout]diagnostic line 1: the service",
              "[stdout]diagnostic line 60: the service",
              "check failed: port 8080 refused connections");
    }

    // Status as the deployment controller writes it, read back through the reader.
    Deployment deployment = deployment(broken, healthy, failed, commandId);
    HookLogReader logs = new HookLogReader(reader);
    HookLog validateLog =
        logs.read(deployment, Optional.of(group()), broken, Optional.of("ValidateService"));
    assertThat(validateLog).isInstanceOf(HookLog.Text.class);
    HookLog.Text text = (HookLog.Text) validateLog;
    assertThat(text.source()).contains(LOG_GROUP);
    assertThat(text.text())
        .startsWith("LifecycleEvent - ValidateService")
        .contains("[stdout]diagnostic line 1: the service")
        .doesNotContain("LifecycleEvent - AfterInstall");

    // A host of a batch still running (its commands in status) has no pointer: found from the
    // group's spec.logging and the batch's commands.
    HookLog healthyLog = logs.read(deployment, Optional.of(group()), healthy, Optional.empty());
    assertThat(healthyLog).isInstanceOf(HookLog.Text.class);
    assertThat(((HookLog.Text) healthyLog).text())
        .contains("LifecycleEvent - ValidateService", "is healthy");

    // Without the group (deleted), only the pointer in status is known.
    HookLog noGroup = logs.read(deployment, Optional.empty(), healthy, Optional.empty());
    assertThat(noGroup).isInstanceOf(HookLog.Unavailable.class);
    assertThat(((HookLog.Unavailable) noGroup).reason()).contains("DeploymentGroup is gone");
    HookLog install = logs.read(deployment, Optional.of(group()), broken, Optional.of("Install"));
    assertThat(((HookLog.Unavailable) install).reason())
        .isEqualTo(
            "event Install ran no scripts on "
                + broken
                + " (events with script output: AfterInstall, ValidateService)");
    HookLog unknown = logs.read(deployment, Optional.of(group()), "i-404", Optional.empty());
    assertThat(((HookLog.Unavailable) unknown).reason())
        .startsWith("deployment shop/web-3 has no instance i-404 (its instances: ");
  }

  private static DeploymentGroup group() {
    DeploymentGroup group = new DeploymentGroup();
    group.setMetadata(
        new ObjectMetaBuilder().withName("web").withNamespace("shop").withUid("g-1").build());
    DeploymentGroupSpec spec = new DeploymentGroupSpec();
    LoggingSpec logging = new LoggingSpec();
    CloudWatchLogging cloudWatch = new CloudWatchLogging();
    cloudWatch.setEnabled(true);
    cloudWatch.setLogGroupName(LOG_GROUP);
    logging.setCloudWatch(cloudWatch);
    S3Logging s3 = new S3Logging();
    s3.setBucket(BUCKET);
    s3.setKeyPrefix("runs/web");
    logging.setS3(s3);
    spec.setLogging(logging);
    group.setSpec(spec);
    return group;
  }

  private static Deployment deployment(
      String broken, String healthy, Invocation failed, String commandId) {
    Deployment d = new Deployment();
    d.setMetadata(
        new ObjectMetaBuilder().withName("web-3").withNamespace("shop").withUid("u-3").build());
    DeploymentStatus status = new DeploymentStatus();
    BatchStatus batch = new BatchStatus();
    batch.setNumber(1);
    batch.setCommands(List.of(commandId));
    status.setBatches(List.of(batch));
    InstanceStatus bad = new InstanceStatus();
    bad.setId(broken);
    bad.setBatch(1);
    bad.setStatus(ExecutionStatus.Failed);
    LifecycleEventStatus event = new LifecycleEventStatus();
    event.setName("ValidateService");
    event.setStatus(ExecutionStatus.Failed);
    Diagnostics diagnostics = new Diagnostics();
    FullLogLocation pointer = new FullLogLocation();
    pointer.setLogGroupName(failed.output().logGroup().orElseThrow());
    pointer.setLogStreamName(failed.output().logStream().orElseThrow());
    diagnostics.setFullLog(pointer);
    event.setDiagnostics(diagnostics);
    bad.setEvents(List.of(event));
    InstanceStatus good = new InstanceStatus();
    good.setId(healthy);
    good.setBatch(1);
    good.setStatus(ExecutionStatus.Succeeded);
    status.setInstances(List.of(bad, good));
    d.setStatus(status);
    return d;
  }
}
