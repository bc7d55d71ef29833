package io.fleetdeploy.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.fleet.aws.AwsFleetServices;
import io.fleetdeploy.fleet.aws.AwsSettings;
import io.fleetdeploy.operator.FleetdeployOperator;
import io.fleetdeploy.operator.OperatorSettings;
import io.fleetdeploy.simulator.AwsSimulator;
import io.fleetdeploy.simulator.InstanceInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system in this process, wired as in production with only the endpoints changed: the
 * AWS fleet simulator with the demo's fixed fleet and bucket, the embedded API server, and the
 * operator ({@link FleetdeployOperator} on {@link AwsFleetServices} over real SDK clients pointed at
 * the simulator), with short poll intervals so that a rollout takes seconds.
 */
public final class DemoEnvironment implements AutoCloseable {
  private static final Timing DEMO_TIMING = new Timing(Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(60), Duration.ofMinutes(30), Duration.ofSeconds(1));
  private static final Duration INVENTORY_REFRESH = Duration.ofSeconds(1);

  private final List<AutoCloseable> started = new ArrayList<>();
  private AwsSimulator simulator;
  private EmbeddedApiServer api;
  private FleetdeployOperator operator;
  private int autoScalingDesired;
  private boolean closed;

  private DemoEnvironment() {}

  /**
   * Starts the simulator with the fleet and the bucket holding {@code bundles}, the API server on
   * {@code settings.port()}, and the operator. On failure, whatever had started is stopped again.
   */
  public static DemoEnvironment start(DemoSettings settings, List<Bundle> bundles) {
    DemoEnvironment env = new DemoEnvironment();
    try {
      env.startFleet(settings, bundles);
      env.api = env.track(EmbeddedApiServer.start(settings.port()));
      AwsClients aws = env.track(new AwsClients(AwsSettings.local(DemoFleet.REGION, env.simulator.endpoint())));
      OperatorSettings operatorSettings = OperatorSettings.embedded(DemoFleet.REGION, env.simulator.endpoint())
          .withTiming(DEMO_TIMING)
          .withInventoryRefresh(INVENTORY_REFRESH);
      env.operator = env.track(new FleetdeployOperator(env.api.client(), operatorSettings,
          AwsFleetServices.create(aws)));
      env.operator.start();
      return env;
    } catch (IOException e) {
      env.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  private void startFleet(DemoSettings settings, List<Bundle> bundles) {
    simulator = track(AwsSimulator.builder().port(0).region(DemoFleet.REGION).build().start());
    simulator.addInstances(settings.instances(), Map.of(DemoFleet.TAG_KEY, DemoFleet.INSTANCE_TAG_VALUE));
    autoScalingDesired = settings.autoScalingInstances();
    simulator.createAutoScalingGroup(DemoFleet.AUTO_SCALING_GROUP, 0, Math.max(10, autoScalingDesired + 5),
        autoScalingDesired, Map.of(DemoFleet.TAG_KEY, DemoFleet.AUTO_SCALING_TAG_VALUE));
    simulator.createBucket(DemoFleet.BUCKET);
    simulator.enableVersioning(DemoFleet.BUCKET);
    bundles.forEach(b -> simulator.putObject(DemoFleet.BUCKET, b.key(), b.bytes()));
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(0, resource);
    return resource;
  }

  public KubernetesClient client() {
    return api.client();
  }

  /** The API server's address, as kubectl's {@code --server} takes it. */
  public String apiUrl() {
    return "http://127.0.0.1:" + api.port();
  }

  /** Where the simulated hosts' root directories are. */
  public Path instanceRoots() {
    return simulator.dataDir().resolve("instances");
  }

  /** The demo's instances: tagged app=demo or members of demo-asg, terminated ones included while visible. */
  public List<InstanceInfo> instances() {
    return simulator.instances().stream()
        .filter(i -> DemoFleet.INSTANCE_TAG_VALUE.equals(i.tags().get(DemoFleet.TAG_KEY))
            || DemoFleet.AUTO_SCALING_GROUP.equals(i.autoScalingGroup()))
        .toList();
  }

  public synchronized int autoScalingDesired() {
    return autoScalingDesired;
  }

  /** Asks Auto Scaling for one more instance in demo-asg; returns the new desired capacity. */
  public synchronized int scaleOut() {
    autoScalingDesired++;
    simulator.setDesiredCapacity(DemoFleet.AUTO_SCALING_GROUP, autoScalingDesired);
    return autoScalingDesired;
  }

  /** Stops the operator, the API server and the simulator (and every process the simulated hosts run). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable resource : started) {
      try {
        resource.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(DemoEnvironment.class).warn("stopping {} failed: {}",
            resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
