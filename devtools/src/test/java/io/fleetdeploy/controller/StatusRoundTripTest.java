package io.fleetdeploy.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Samples;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The foundation round trip: each kind gets observedGeneration and a Ready condition that says why,
 * and follows spec edits. (The samples reference an S3 bucket, instances and an Auto Scaling group
 * that do not exist here, so the group and the deployment are not ready: that is what their
 * conditions must say.)
 */
class StatusRoundTripTest {
  @RegisterExtension static final OperatorExtension operator = new OperatorExtension();

  @Test
  void applicationGetsReadyAndFollowsGeneration() {
    roundTrip(
        Samples.load("application.yaml", Application.class),
        "roundtrip-app",
        "True",
        a -> a.getStatus() == null ? null : a.getStatus().getObservedGeneration(),
        a -> a.getStatus().getConditions(),
        a -> a.getSpec().setDescription("edited"));
  }

  @Test
  void deploymentGroupGetsReadyAndFollowsGeneration() {
    roundTrip(
        Samples.load("deploymentgroup.yaml", DeploymentGroup.class),
        "roundtrip",
        "False",
        g -> g.getStatus() == null ? null : g.getStatus().getObservedGeneration(),
        g -> g.getStatus().getConditions(),
        g -> g.getSpec().setPaused(true));
  }

  @Test
  void deploymentGetsReadyAndFollowsGeneration() {
    roundTrip(
        Samples.load("deployment.yaml", Deployment.class),
        "roundtrip",
        "False",
        d -> d.getStatus() == null ? null : d.getStatus().getObservedGeneration(),
        d -> d.getStatus().getConditions(),
        d -> d.getSpec().setDescription("edited"));
  }

  private <R extends CustomResource<?, ?>> void roundTrip(
      R resource,
      String namespace,
      String ready,
      Function<R, Long> observed,
      Function<R, List<Condition>> conditions,
      java.util.function.Consumer<R> edit) {
    resource.getMetadata().setNamespace(namespace);
    @SuppressWarnings("unchecked")
    Class<R> type = (Class<R>) resource.getClass();
    R created = operator.client().resource(resource).create();
    long firstGeneration = created.getMetadata().getGeneration();

    R seen = awaitObserved(type, namespace, created, observed, firstGeneration);
    assertThat(conditions.apply(seen))
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo(ready);
              assertThat(c.getReason()).isNotBlank();
              assertThat(c.getMessage()).isNotBlank();
              assertThat(c.getObservedGeneration()).isEqualTo(firstGeneration);
              assertThat(c.getLastTransitionTime()).isNotBlank();
            });

    R edited =
        operator
            .client()
            .resources(type)
            .inNamespace(namespace)
            .withName(created.getMetadata().getName())
            .edit(
                r -> {
                  edit.accept(r);
                  return r;
                });
    assertThat(edited.getMetadata().getGeneration()).isGreaterThan(firstGeneration);
    awaitObserved(type, namespace, created, observed, edited.getMetadata().getGeneration());
  }

  private <R extends HasMetadata> R awaitObserved(
      Class<R> type, String namespace, R resource, Function<R, Long> observed, long generation) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                operator
                    .client()
                    .resources(type)
                    .inNamespace(namespace)
                    .withName(resource.getMetadata().getName())
                    .get(),
            r -> r != null && Long.valueOf(generation).equals(observed.apply(r)));
  }
}
