package io.fleetdeploy.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/** Waiting for what the operator writes back. */
public final class Awaits {
  private static final Set<DeploymentPhase> FINAL =
      Set.of(DeploymentPhase.Succeeded, DeploymentPhase.Failed, DeploymentPhase.Stopped);

  private Awaits() {}

  public static Deployment deployment(
      KubernetesClient client,
      String namespace,
      String name,
      Predicate<Deployment> condition,
      Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> client.resources(Deployment.class).inNamespace(namespace).withName(name).get(),
            d -> d != null && condition.test(d));
  }

  public static Deployment finished(KubernetesClient client, String namespace, String name) {
    return deployment(
        client,
        namespace,
        name,
        d -> d.getStatus() != null && FINAL.contains(d.getStatus().getPhase()),
        Duration.ofSeconds(90));
  }

  public static Predicate<Deployment> phase(DeploymentPhase phase) {
    return d -> d.getStatus() != null && d.getStatus().getPhase() == phase;
  }

  public static Predicate<Deployment> batchesStarted(int n) {
    return d ->
        d.getStatus() != null
            && d.getStatus().getBatchesStarted() != null
            && d.getStatus().getBatchesStarted() >= n;
  }
}
