package io.fleetdeploy.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.dashboard.Dashboard;
import io.fleetdeploy.dashboard.DashboardSettings;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.fleet.aws.AwsFleetServices;
import io.fleetdeploy.fleet.aws.AwsSettings;
import io.fleetdeploy.operator.FleetdeployOperator;
import io.fleetdeploy.operator.OperatorSettings;
import io.fleetdeploy.simulator.AwsSimulator;
import io.fleetdeploy.simulator.HostModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * fleetdeploy with no cluster and no AWS account, in one JVM: the AWS fleet simulator, the embedded
 * API server, and the operator wired exactly as in production (the AWS adapter over the SDK), only
 * with both endpoints on loopback. The demo, the benchmark and the controller tests run on it.
 */
public final class EmbeddedSystem implements AutoCloseable {
  /**
   * Starts the API server, the simulator and the operator.
   *
   * @param apiPort port of the API server, 0 for any free one
   * @param dataDir where simulated instances keep their root directories (null: a temporary one)
   * @param maxConcurrentCommands how many simulated hosts run commands at once
   * @param timing the Deployment controller's clocks
   * @param inventoryRefresh how often groups look up their targets
   * @param hostPath directories the simulated hosts find programs in before their PATH (e.g. a
   *     python3)
   * @param hostModel modelled hosts (no processes; see {@link HostModel}), or null for real ones
   */
  public record Options(
      int apiPort,
      String region,
      Path dataDir,
      int maxConcurrentCommands,
      Timing timing,
      Duration inventoryRefresh,
      List<Path> hostPath,
      HostModel hostModel) {

    public Options {
      hostPath = List.copyOf(hostPath);
    }

    /** Real host processes. */
    public Options(
        int apiPort,
        String region,
        Path dataDir,
        int maxConcurrentCommands,
        Timing timing,
        Duration inventoryRefresh,
        List<Path> hostPath) {
      this(
          apiPort,
          region,
          dataDir,
          maxConcurrentCommands,
          timing,
          inventoryRefresh,
          hostPath,
          null);
    }

    /** Hosts with this process's PATH. */
    public Options(
        int apiPort,
        String region,
        Path dataDir,
        int maxConcurrentCommands,
        Timing timing,
        Duration inventoryRefresh) {
      this(apiPort, region, dataDir, maxConcurrentCommands, timing, inventoryRefresh, List.of());
    }

    /** Quick clocks: polls every 200 ms, groups refreshed every second. */
    public static Options quick(Path dataDir) {
      return new Options(
          0,
          "eu-west-1",
          dataDir,
          64,
          new Timing(
              Duration.ofMillis(200),
              Duration.ofMillis(300),
              Duration.ofSeconds(30),
              Duration.ofMinutes(30),
              Duration.ofSeconds(1)),
          Duration.ofSeconds(1));
    }

    public Options withApiPort(int port) {
      return new Options(
          port,
          region,
          dataDir,
          maxConcurrentCommands,
          timing,
          inventoryRefresh,
          hostPath,
          hostModel);
    }

    public Options withHostModel(HostModel model) {
      return new Options(
          apiPort,
          region,
          dataDir,
          maxConcurrentCommands,
          timing,
          inventoryRefresh,
          hostPath,
          model);
    }

    public Options withMaxConcurrentCommands(int max) {
      return new Options(
          apiPort, region, dataDir, max, timing, inventoryRefresh, hostPath, hostModel);
    }

    public Options withTiming(Timing newTiming) {
      return new Options(
          apiPort,
          region,
          dataDir,
          maxConcurrentCommands,
          newTiming,
          inventoryRefresh,
          hostPath,
          hostModel);
    }
  }

  private final Options options;
  private final AwsSimulator simulator;
  private final EmbeddedApiServer api;
  private final AwsClients aws;
  private FleetdeployOperator operator;
  private Dashboard dashboard;

  private EmbeddedSystem(Options options, Consumer<String> progress) {
    this.options = options;
    progress.accept("starting the AWS fleet simulator");
    AwsSimulator.Builder fleet =
        AwsSimulator.builder()
            .port(0)
            .region(options.region())
            .maxConcurrentCommands(options.maxConcurrentCommands())
            .hostPath(options.hostPath())
            .hostModel(options.hostModel());
    if (options.dataDir() != null) {
      fleet.dataDir(options.dataDir());
    }
    this.simulator = fleet.build().start();
    try {
      progress.accept("starting the Kubernetes API server and installing the fleetdeploy CRDs");
      this.api = EmbeddedApiServer.start(options.apiPort());
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
    this.aws = new AwsClients(AwsSettings.local(options.region(), simulator.endpoint()));
  }

  /** Starts the fleet, the API server and the operator. */
  public static EmbeddedSystem start(Options options) {
    return start(options, step -> {});
  }

  /**
   * Starts the fleet, the API server and the operator, telling {@code progress} each step before it
   * starts (they take seconds together on a small machine, and nothing else shows meanwhile).
   */
  public static EmbeddedSystem start(Options options, Consumer<String> progress) {
    EmbeddedSystem system = new EmbeddedSystem(options, progress);
    try {
      progress.accept("starting the operator");
      system.startOperator();
      return system;
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
  }

  /**
   * Starts a fresh operator (nothing of an earlier one's memory) on the same API server and fleet.
   */
  public void startOperator() {
    OperatorSettings settings =
        OperatorSettings.embedded(options.region(), simulator.endpoint())
            .withTiming(options.timing())
            .withInventoryRefresh(options.inventoryRefresh());
    FleetdeployOperator fresh =
        new FleetdeployOperator(api.client(), settings, AwsFleetServices.create(aws));
    aws.counter().publishTo(fresh.meterRegistry());
    try {
      operator = fresh.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the web dashboard on the API server's client, as {@code run} does beside the operator;
   * it stops with the system.
   */
  public Dashboard startDashboard(DashboardSettings settings) {
    if (dashboard != null) {
      throw new IllegalStateException("the dashboard runs already, on port " + dashboard.port());
    }
    try {
      dashboard = Dashboard.start(api.client(), settings);
      return dashboard;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dashboard, if {@link #startDashboard} started one. */
  public java.util.Optional<Dashboard> dashboard() {
    return java.util.Optional.ofNullable(dashboard);
  }

  /** Stops the operator where it is, as a crash or a lost leadership would. */
  public void stopOperator() {
    if (operator != null) {
      FleetdeployOperator stopping = operator;
      operator = null;
      stopping.close();
    }
  }

  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  public AwsSimulator simulator() {
    return simulator;
  }

  public EmbeddedApiServer api() {
    return api;
  }

  public KubernetesClient client() {
    return api.client();
  }

  public AwsClients aws() {
    return aws;
  }

  public FleetdeployOperator operator() {
    return operator;
  }

  /** Stops everything; a part that fails to stop does not keep the others running. */
  @Override
  public void close() {
    if (dashboard != null) {
      quietly("the dashboard", dashboard::close);
    }
    quietly("the operator", this::stopOperator);
    quietly("the API server", api::close);
    quietly("the AWS clients", aws::close);
    quietly("the simulator", simulator::close);
  }

  private static void quietly(String what, Runnable stop) {
    try {
      stop.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(EmbeddedSystem.class)
          .warn("stopping {} failed: {}", what, e.toString());
    }
  }
}
