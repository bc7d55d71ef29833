package io.fleetdeploy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.controller.application.ApplicationReconciler;
import io.fleetdeploy.controller.deployment.DeploymentReconciler;
import io.fleetdeploy.controller.group.DeploymentGroupReconciler;
import io.fleetdeploy.controller.policy.FleetPolicies;
import io.fleetdeploy.fleet.FleetServices;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator: the JOSDK runtime with the three reconcilers, leader election, and the health and
 * metrics endpoints. The same class runs in a cluster ({@code run}), in the demo and in tests.
 */
public final class FleetdeployOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetdeployOperator.class);

  private final OperatorSettings settings;
  private final Operator operator;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FleetPolicies policies;
  private HttpEndpoints endpoints;
  private volatile boolean closing;

  public FleetdeployOperator(
      KubernetesClient client, OperatorSettings settings, FleetServices fleet) {
    this.settings = settings;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // No server-side apply: reconcilers replace the status subresource at the
                  // resourceVersion they read (StatusUpdater says why), the same code path against
                  // every API server, including the embedded one of the demo and the tests.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                          .build());
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(settings));
              }
            });
    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client, clock);
    StatusUpdater updater = new StatusUpdater(client);
    register(new ApplicationReconciler(updater, clock));
    this.policies = FleetPolicies.watching(client);
    register(
        DeploymentGroupReconciler.create(
            client, updater, events, fleet, policies, settings.inventoryRefresh(), clock));
    register(
        DeploymentReconciler.create(
            client, fleet, policies, events, registry, settings.timing(), clock));
  }

  /**
   * A replica that loses its Lease while running must stop acting at once, so it exits (its pod
   * restarts as a standby). Losing it because we are shutting down is not a reason to exit: the JVM
   * is already on its way out, and System.exit from a shutdown hook would hang it.
   */
  private LeaderElectionConfiguration leaderElection(OperatorSettings settings) {
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> LOG.info("became the leader; reconciling"),
            () -> {
              if (!closing) {
                LOG.error(
                    "lost the leader Lease {}; exiting so that only the new leader acts",
                    settings.leaseName());
                new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
              }
            },
            leader -> LOG.info("leader is now {}", leader));
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.leaseNamespace().orElse(null),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        callbacks,
        false);
  }

  private <R extends io.fabric8.kubernetes.api.model.HasMetadata> void register(
      Reconciler<R> reconciler) {
    Consumer<ControllerConfigurationOverrider<R>> namespaces =
        settings.namespaces().isEmpty()
            ? ControllerConfigurationOverrider::watchingAllNamespaces
            : o -> o.settingNamespaces(settings.namespaces());
    operator.register(reconciler, namespaces);
  }

  /** Starts the reconcilers (after the informers synced) and the HTTP endpoints. */
  public FleetdeployOperator start() throws IOException {
    if (settings.httpPort() >= 0) {
      endpoints =
          new HttpEndpoints(
              settings.httpPort(),
              () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
              () -> operator.getRuntimeInfo().isStarted(),
              registry);
      LOG.info("health and metrics on port {}", endpoints.port());
    }
    operator.start();
    LOG.info(
        "fleetdeploy operator started, watching {}",
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces());
    return this;
  }

  public int httpPort() {
    return endpoints == null ? -1 : endpoints.port();
  }

  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  @Override
  public void close() {
    closing = true;
    operator.stop();
    policies.close();
    if (endpoints != null) {
      endpoints.close();
    }
  }
}
