package io.fleetdeploy.controller.policy;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.FleetPolicy;
import io.fleetdeploy.api.v1alpha1.FleetPolicySpec;
import io.fleetdeploy.api.v1alpha1.PolicyRevisions;
import io.fleetdeploy.api.v1alpha1.PolicyTag;
import io.fleetdeploy.api.v1alpha1.PolicyTargets;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform team's FleetPolicies, enforced before any host is touched: a namespace may target
 * and fetch only what they allow it, a refused group is not even looked up in the fleet and says so
 * in its conditions, a refused Deployment fails with POLICY_VIOLATION having sent nothing; without
 * any FleetPolicy, everything goes as before.
 */
class FleetPolicyEnforcementTest {
  private EmbeddedApiServer api;

  @BeforeEach
  void startApi() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private static FleetPolicy policy(
      String name, List<String> namespaces, String tagKey, List<String> values, String bucket) {
    FleetPolicy policy = new FleetPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
    FleetPolicySpec spec = new FleetPolicySpec();
    spec.setNamespaces(namespaces);
    PolicyTargets targets = new PolicyTargets();
    PolicyTag tag = new PolicyTag();
    tag.setKey(tagKey);
    tag.setValues(values);
    targets.setEc2Tags(List.of(tag));
    spec.setTargets(targets);
    PolicyRevisions revisions = new PolicyRevisions();
    revisions.setS3Buckets(List.of(bucket));
    spec.setRevisions(revisions);
    policy.setSpec(spec);
    return policy;
  }

  private ControllerHarness harness(String namespace) {
    ControllerHarness h = ControllerHarness.on(api, namespace);
    h.create(Resources.application(namespace, "fleet-app"));
    return h;
  }

  private static Predicate<DeploymentGroup> degraded(String reason) {
    return g ->
        g.getStatus() != null
            && g.getStatus().getConditions() != null
            && g.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        c.getType().equals("Degraded")
                            && c.getStatus().equals("True")
                            && c.getReason().equals(reason));
  }

  @Test
  void withoutAnyPolicyAGroupDeploysAsBefore() {
    try (ControllerHarness h = harness("nopolicy")) {
      h.aws().addInstances(2, Map.of("app", "admin"));
      h.create(
          Resources.group(
              h.namespace(),
              "web",
              "app",
              "admin",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)));
      Deployment d =
          h.create(
              Resources.deployment(
                  h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
      assertThat(
              h.awaitFinished(d.getMetadata().getName(), Duration.ofMinutes(5))
                  .getStatus()
                  .getPhase())
          .isEqualTo(DeploymentPhase.Succeeded);
    }
  }

  @Test
  void aRefusedGroupAndItsDeploymentTouchNothing() {
    api.client()
        .resource(policy("team-web", List.of("shop"), "app", List.of("web"), BUCKET))
        .create();
    try (ControllerHarness h = harness("shop")) {
      h.aws().addInstances(2, Map.of("app", "admin"));
      h.create(
          Resources.group(
              h.namespace(),
              "admin",
              "app",
              "admin",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)));
      h.create(
          Resources.deployment(
              h.namespace(), "admin-r1", "admin", BUCKET, h.uploadBundle("fleet-app", "r1")));

      Deployment failed = h.awaitFinished("admin-r1", Duration.ofMinutes(5));
      DeploymentGroup group =
          h.awaitGroup("admin", degraded("PolicyViolation"), Duration.ofMinutes(5));

      assertThat(failed.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
      assertThat(failed.getStatus().getErrorInformation().getCode())
          .isEqualTo(ErrorCode.POLICY_VIOLATION);
      assertThat(failed.getStatus().getErrorInformation().getMessage())
          .isEqualTo(
              "the FleetPolicies of namespace shop (team-web) do not allow EC2 tag filter app=admin");
      assertThat(group.getStatus().getInstances()).as("not even looked up").isNull();
      assertThat(h.aws().allCalls()).as("no AWS call at all").isEmpty();
    }
  }

  @Test
  void anAllowedGroupDeploysButNotFromABucketThePolicyDoesNotName() {
    api.client()
        .resource(policy("team-web", List.of("shop-*"), "app", List.of("web"), BUCKET))
        .create();
    try (ControllerHarness h = harness("shop-eu")) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.create(
          Resources.group(
              h.namespace(),
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)));
      String key = h.uploadBundle("fleet-app", "r1");
      h.create(Resources.deployment(h.namespace(), "web-r1", "web", BUCKET, key));
      h.create(
          Resources.deployment(
              h.namespace(), "web-elsewhere", "web", "someone-elses-bundles", key));

      assertThat(h.awaitFinished("web-r1", Duration.ofMinutes(5)).getStatus().getPhase())
          .isEqualTo(DeploymentPhase.Succeeded);
      Deployment elsewhere = h.awaitFinished("web-elsewhere", Duration.ofMinutes(5));
      assertThat(elsewhere.getStatus().getErrorInformation().getCode())
          .isEqualTo(ErrorCode.POLICY_VIOLATION);
      assertThat(elsewhere.getStatus().getErrorInformation().getMessage())
          .contains("S3 bucket someone-elses-bundles");
      assertThat(h.aws().calls("s3:GetObject")).as("the other bucket was never read").isEqualTo(1);
    }
  }

  @Test
  void aNamespaceNoPolicyNamesIsRefusedOnceAPolicyExists() {
    api.client()
        .resource(policy("team-web", List.of("shop"), "app", List.of("web"), BUCKET))
        .create();
    try (ControllerHarness h = harness("payments")) {
      h.create(
          Resources.group(
              h.namespace(),
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)));
      DeploymentGroup group =
          h.awaitGroup("web", degraded("PolicyViolation"), Duration.ofMinutes(2));
      assertThat(group.getStatus().getConditions())
          .anySatisfy(
              c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getMessage()).contains("no FleetPolicy allows namespace payments");
              });
    }
  }
}
