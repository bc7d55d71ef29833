package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.OperatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.testing.Awaits;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crash safety: the operator is stopped and started again at several moments of a rollout (before
 * it started, while a batch runs, while it is down a batch finishes, between batches). The rollout
 * ends as an uninterrupted one would, every instance ran each hook exactly once, and no batch was
 * sent twice.
 */
class OperatorRestartTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();

  @Test
  void resumesFromStatusAloneAndRunsNoHostTwice() throws Exception {
    String ns = "restart";
    List<String> ids = env.simulator().addInstances(6, Map.of("suite", "restart"));
    ids.forEach(id -> HostLogs.write(env.simulator(), id, "etc/fleet-app/slow", "1\n"));
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "restart",
                Resources.predefined(PredefinedDeploymentConfig.OneAtATime)))
        .create();
    String v1 = env.uploadBundle("fleet-app", "r1");
    long sendsBefore = env.simulator().calls().count("ssm", "SendCommand");

    // 1. Down before the Deployment is even seen; it is created meanwhile.
    env.stopOperator();
    Deployment created =
        env.client().resource(Resources.deployment(ns, "web-r1", "web", BUCKET, v1)).create();
    env.startOperatorAgain();

    // 2. Restarted while batch 2 runs on its host.
    Awaits.deployment(env.client(), ns, "web-r1", Awaits.batchesStarted(2), Duration.ofSeconds(60));
    env.restartOperator();

    // 3. Down while batch 4 runs, long enough for its host to finish unobserved.
    Awaits.deployment(env.client(), ns, "web-r1", Awaits.batchesStarted(4), Duration.ofSeconds(60));
    env.stopOperator();
    Thread.sleep(8_000);
    env.startOperatorAgain();

    // 4. Restarted again, right after batch 5 started.
    Awaits.deployment(env.client(), ns, "web-r1", Awaits.batchesStarted(5), Duration.ofSeconds(60));
    env.restartOperator();

    Deployment done = Awaits.finished(env.client(), ns, "web-r1");
    assertThat(done.getStatus().getPhase())
        .as("phase; status %s", done.getStatus())
        .isEqualTo(DeploymentPhase.Succeeded);
    assertThat(done.getStatus().getBatches())
        .extracting(b -> b.getSize())
        .containsExactly(1, 1, 1, 1, 1, 1);
    assertThat(done.getStatus().getInstances())
        .allSatisfy(i -> assertThat(i.getStatus()).isEqualTo(ExecutionStatus.Succeeded));
    for (String id : ids) {
      assertThat(HostLogs.linesOf(env.simulator(), id, created.getMetadata().getUid()))
          .as("hooks run on %s", id)
          .extracting(l -> l.split(" ")[1])
          .containsExactly("BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService");
    }
    // One send per batch (each batch is one instance): restarts found their earlier sends by
    // Comment.
    assertThat(env.simulator().calls().count("ssm", "SendCommand") - sendsBefore).isEqualTo(6);
  }
}
