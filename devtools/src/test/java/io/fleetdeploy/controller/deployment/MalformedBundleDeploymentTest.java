package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.OperatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.appspec.CraftedArchives;
import io.fleetdeploy.testing.Awaits;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A malformed bundle ends its Deployment Failed INVALID_REVISION once, with the reader's message,
 * after a single download, and the group's next Deployment runs: nothing retries in a loop.
 */
class MalformedBundleDeploymentTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();

  @Test
  void failsOnceAsInvalidRevisionAndTheNextDeploymentRuns() throws Exception {
    String ns = "malformed";
    env.simulator().addInstances(2, Map.of("suite", "malformed"));
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "malformed",
                Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)))
        .create();
    env.simulator()
        .putObject(BUCKET, "malformed/bad.tgz", gzip(CraftedArchives.tarWithPaxSize("-5")));
    String good = env.uploadBundle("fleet-app", "after-bad");
    long getsBefore = env.simulator().calls().count("s3", "GetObject");
    long sendsBefore = env.simulator().calls().count("ssm", "SendCommand");

    env.client()
        .resource(Resources.deployment(ns, "web-bad", "web", BUCKET, "malformed/bad.tgz"))
        .create();
    Deployment bad = Awaits.finished(env.client(), ns, "web-bad");
    // Reconciles go on (status writes, the group's own); none may fetch the bundle again.
    Thread.sleep(1500);
    long getsOfBad = env.simulator().calls().count("s3", "GetObject") - getsBefore;
    env.client().resource(Resources.deployment(ns, "web-good", "web", BUCKET, good)).create();
    Deployment next = Awaits.finished(env.client(), ns, "web-good");

    assertThat(bad.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
    assertThat(bad.getStatus().getErrorInformation().getCode())
        .isEqualTo(ErrorCode.INVALID_REVISION);
    assertThat(bad.getStatus().getErrorInformation().getMessage())
        .contains("app/data.bin: the pax header's size '-5' is not a non-negative number");
    assertThat(bad.getStatus().getInstances()).isNullOrEmpty();
    assertThat(getsOfBad).as("downloads of the malformed bundle").isEqualTo(1);
    assertThat(env.simulator().calls().count("ssm", "SendCommand") - sendsBefore)
        .as("sends")
        .isEqualTo(1);
    assertThat(next.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
