package io.fleetdeploy.operator;

import io.fleetdeploy.controller.deployment.Timing;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator runs, from flags and environment.
 *
 * @param namespaces namespaces to watch; empty means all namespaces
 * @param leaderElection whether to take a Lease before reconciling (several replicas, one active)
 * @param leaseNamespace namespace of the Lease; empty means the client's namespace
 * @param leaseName name of the Lease
 * @param httpPort port of /healthz, /readyz and /metrics; 0 picks a free port, -1 serves none
 * @param awsRegion AWS region of the fleet
 * @param awsEndpoint endpoint override for every AWS service (LocalStack, the simulator), if any
 * @param reconcileThreads concurrent reconciles
 * @param timing the Deployment controller's clocks
 * @param inventoryRefresh how often a group's targets are looked up in the fleet
 */
public record OperatorSettings(
    Set<String> namespaces,
    boolean leaderElection,
    Optional<String> leaseNamespace,
    String leaseName,
    int httpPort,
    String awsRegion,
    Optional<URI> awsEndpoint,
    int reconcileThreads,
    Timing timing,
    Duration inventoryRefresh) {

  public static final String DEFAULT_LEASE_NAME = "fleetdeploy-operator";

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  public OperatorSettings withTiming(Timing newTiming) {
    return new OperatorSettings(
        namespaces,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        awsRegion,
        awsEndpoint,
        reconcileThreads,
        newTiming,
        inventoryRefresh);
  }

  public OperatorSettings withInventoryRefresh(Duration refresh) {
    return new OperatorSettings(
        namespaces,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        awsRegion,
        awsEndpoint,
        reconcileThreads,
        timing,
        refresh);
  }

  /** Settings for an operator embedded in a test or the demo: no leader election, no HTTP port. */
  public static OperatorSettings embedded(String awsRegion, URI awsEndpoint) {
    return new OperatorSettings(
        Set.of(),
        false,
        Optional.empty(),
        DEFAULT_LEASE_NAME,
        -1,
        awsRegion,
        Optional.ofNullable(awsEndpoint),
        10,
        Timing.defaults(),
        Duration.ofSeconds(60));
  }
}
