package io.fleetdeploy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.controller.application.ApplicationReconciler;
import io.fleetdeploy.controller.deployment.DeploymentReconciler;
import io.fleetdeploy.controller.group.DeploymentGroupReconciler;
import io.fleetdeploy.controller.policy.FleetPolicies;
import io.fleetdeploy.controller.shard.DeploymentAdopter;
import io.fleetdeploy.controller.shard.ShardAssigner;
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
import java.time.Duration;
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
  private final ShardSettings sharding;
  private final KubernetesClient client;
  private final Operator operator;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FleetPolicies policies;
  private HttpEndpoints endpoints;
  private DeploymentAdopter adopter;
  private AssignerElection assigner;
  private volatile boolean closing;
  private volatile Runnable leaseLost =
      () -> new Thread(() -> System.exit(1), "exit-on-lost-lease").start();

  public FleetdeployOperator(
      KubernetesClient client, OperatorSettings settings, FleetServices fleet) {
    this(client, settings, fleet, ShardSettings.none());
  }

  /**
   * A replica of one shard when {@code sharding} names one: its reconcilers see only the objects
   * labelled with that shard, its Lease is the shard's own, and it takes part in shard assignment.
   */
  public FleetdeployOperator(
      KubernetesClient client,
      OperatorSettings settings,
      FleetServices fleet,
      ShardSettings sharding) {
    this.settings = settings;
    this.sharding = sharding;
    this.client = client;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // No server-side apply: reconcilers patch the status subresource on condition of
                  // the resourceVersion they read (StatusUpdater says why), the same code path
                  // against
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
                    leaseName());
                leaseLost.run();
              }
            },
            leader -> LOG.info("leader is now {}", leader));
    if (!sharding.sharded()) {
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
    // One Lease per shard: its replicas are the leader and the standbys of that shard only.
    return new LeaderElectionConfiguration(
        leaseName(),
        leaseNamespace(),
        sharding.leaseDuration(),
        sharding.renewDeadline(),
        sharding.retryPeriod(),
        sharding.identity(),
        callbacks,
        false);
  }

  /** The shard's Lease: {@code <lease-name>-<shard>}; the lease name itself when not sharded. */
  private String leaseName() {
    return settings.leaseName() + sharding.shard().map(s -> "-" + s).orElse("");
  }

  private String leaseNamespace() {
    return settings
        .leaseNamespace()
        .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
  }

  /**
   * What a replica does when it loses its Lease while running (default: exit, so its pod restarts
   * as a standby). Tests that run several replicas in one JVM stop the replica instead.
   */
  public FleetdeployOperator whenLeaseLost(Runnable action) {
    this.leaseLost = action;
    return this;
  }

  private <R extends io.fabric8.kubernetes.api.model.HasMetadata> void register(
      Reconciler<R> reconciler) {
    Consumer<ControllerConfigurationOverrider<R>> namespaces =
        settings.namespaces().isEmpty()
            ? ControllerConfigurationOverrider::watchingAllNamespaces
            : o -> o.settingNamespaces(settings.namespaces());
    // A sharded replica watches only its shard's objects; the reconcilers give the same selector
    // to the informers of their secondary resources.
    operator.register(
        reconciler,
        o -> {
          namespaces.accept(o);
          sharding.labelSelector().ifPresent(o::withLabelSelector);
        });
  }

  /**
   * Starts the HTTP endpoints and the reconcilers (after the informers synced); with leader
   * election, only once no operator of the other mode (sharded or not) holds a Lease ({@link
   * ModeHandover}).
   */
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
    if (settings.leaderElection()) {
      try {
        if (!new ModeHandover(
                client,
                leaseNamespace(),
                settings.leaseName(),
                sharding.sharded(),
                Clock.systemUTC())
            .await(sharding.retryPeriod(), () -> closing)) {
          return this;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return this;
      }
    }
    operator.start();
    if (sharding.sharded()) {
      adopter =
          new DeploymentAdopter(client, sharding.shard().orElseThrow())
              .start(settings.namespaces(), Duration.ofSeconds(30));
      assigner =
          new AssignerElection(
                  client,
                  new ShardAssigner(client, sharding.ring(), settings.namespaces(), 30),
                  sharding,
                  leaseNamespace(),
                  settings.leaseName() + "-assigner")
              .start();
      LOG.info("shard {} of {}", sharding.shard().orElseThrow(), sharding.shards());
    }
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
    if (assigner != null) {
      assigner.close();
    }
    if (adopter != null) {
      adopter.close();
    }
    operator.stop();
    policies.close();
    if (endpoints != null) {
      endpoints.close();
    }
  }
}
