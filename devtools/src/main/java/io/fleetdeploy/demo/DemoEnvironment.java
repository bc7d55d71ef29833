package io.fleetdeploy.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.dashboard.Dashboard;
import io.fleetdeploy.dashboard.DashboardSettings;
import io.fleetdeploy.embedded.EmbeddedSystem;
import io.fleetdeploy.simulator.AwsSimulator;
import io.fleetdeploy.simulator.InstanceInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's system: {@link EmbeddedSystem} (simulator, API server and operator wired as in
 * production) with the demo's fixed fleet and bucket, and short poll intervals so that a rollout
 * takes seconds.
 */
public final class DemoEnvironment implements AutoCloseable {
  private static final Timing DEMO_TIMING =
      new Timing(
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(60),
          Duration.ofMinutes(30),
          Duration.ofSeconds(1));
  private static final Duration INVENTORY_REFRESH = Duration.ofSeconds(1);

  private final EmbeddedSystem system;
  private int autoScalingDesired;
  private boolean closed;

  private DemoEnvironment(EmbeddedSystem system) {
    this.system = system;
  }

  /**
   * Starts the simulator with the fleet and the bucket holding {@code bundles}, the API server on
   * {@code settings.port()}, and the operator, telling {@code progress} each step. On failure,
   * whatever had started is stopped again.
   */
  public static DemoEnvironment start(
      DemoSettings settings, List<Bundle> bundles, Consumer<String> progress) {
    EmbeddedSystem system =
        EmbeddedSystem.start(
            new EmbeddedSystem.Options(
                settings.port(), DemoFleet.REGION, null, 64, DEMO_TIMING, INVENTORY_REFRESH),
            progress);
    DemoEnvironment env = new DemoEnvironment(system);
    try {
      env.seedFleet(settings, bundles);
      if (settings.story() == DemoStory.production) {
        env.seedProduction();
      }
      return env;
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  private void seedFleet(DemoSettings settings, List<Bundle> bundles) {
    AwsSimulator simulator = system.simulator();
    simulator.addInstances(
        settings.instances(), Map.of(DemoFleet.TAG_KEY, DemoFleet.INSTANCE_TAG_VALUE));
    autoScalingDesired = settings.autoScalingInstances();
    simulator.createAutoScalingGroup(
        DemoFleet.AUTO_SCALING_GROUP,
        0,
        Math.max(10, autoScalingDesired + 5),
        autoScalingDesired,
        Map.of(DemoFleet.TAG_KEY, DemoFleet.AUTO_SCALING_TAG_VALUE));
    simulator.createBucket(DemoFleet.BUCKET);
    simulator.enableVersioning(DemoFleet.BUCKET);
    bundles.forEach(b -> simulator.putObject(DemoFleet.BUCKET, b.key(), b.bytes()));
  }

  /**
   * Starts the web dashboard on 127.0.0.1:{@code port} (0: a free port), read-only; returns its
   * address.
   */
  public String startDashboard(int port) {
    Dashboard dashboard =
        system.startDashboard(DashboardSettings.readOnly(port).withLoopbackOnly(true));
    return "http://127.0.0.1:" + dashboard.port() + "/";
  }

  /** The embedded system underneath (the browser test reaches the dashboard through it). */
  public EmbeddedSystem system() {
    return system;
  }

  /**
   * The production story's target group (a short deregistration delay and health check, so that a
   * batch drains in seconds) with the app=demo instances in service, and its alarm, OK.
   */
  private void seedProduction() {
    AwsSimulator simulator = system.simulator();
    String arn =
        simulator
            .targetGroups()
            .create(DemoFleet.TARGET_GROUP, Duration.ofSeconds(2), Duration.ofSeconds(2));
    if (!arn.equals(DemoFleet.TARGET_GROUP_ARN)) {
      throw new IllegalStateException(
          "the simulator named the target group " + arn + ", not " + DemoFleet.TARGET_GROUP_ARN);
    }
    List<String> ids =
        simulator.instances().stream()
            .filter(i -> DemoFleet.INSTANCE_TAG_VALUE.equals(i.tags().get(DemoFleet.TAG_KEY)))
            .map(InstanceInfo::id)
            .toList();
    simulator.targetGroups().register(arn, ids);
    simulator.alarms().create(DemoFleet.ALARM);
    simulator.alarms().setState(DemoFleet.ALARM, "OK", "the demo starts healthy");
  }

  /** Sets the production story's alarm, as SetAlarmState would. */
  public void setAlarm(String name, String state) {
    system.simulator().alarms().setState(name, state, "set by the demo");
  }

  /** How many instances are healthy in the production story's target group. */
  public long healthyInTargetGroup() {
    return system
        .simulator()
        .targetGroups()
        .health(DemoFleet.TARGET_GROUP_ARN, List.of())
        .values()
        .stream()
        .filter(h -> h.state().equals("healthy"))
        .count();
  }

  /** How many instances are registered in the production story's target group. */
  public int registeredInTargetGroup() {
    return system.simulator().targetGroups().registered(DemoFleet.TARGET_GROUP_ARN).size();
  }

  public KubernetesClient client() {
    return system.client();
  }

  /** The API server's address, as kubectl's {@code --server} takes it. */
  public String apiUrl() {
    return "http://127.0.0.1:" + system.api().port();
  }

  /** Where the simulated hosts' root directories are. */
  public Path instanceRoots() {
    return system.simulator().dataDir().resolve("instances");
  }

  /**
   * The demo's instances: tagged app=demo or members of demo-asg, terminated ones included while
   * visible.
   */
  public List<InstanceInfo> instances() {
    return system.simulator().instances().stream()
        .filter(
            i ->
                DemoFleet.INSTANCE_TAG_VALUE.equals(i.tags().get(DemoFleet.TAG_KEY))
                    || DemoFleet.AUTO_SCALING_GROUP.equals(i.autoScalingGroup()))
        .toList();
  }

  public synchronized int autoScalingDesired() {
    return autoScalingDesired;
  }

  /** Asks Auto Scaling for one more instance in demo-asg; returns the new desired capacity. */
  public synchronized int scaleOut() {
    autoScalingDesired++;
    system.simulator().setDesiredCapacity(DemoFleet.AUTO_SCALING_GROUP, autoScalingDesired);
    return autoScalingDesired;
  }

  /**
   * Stops the operator, the API server and the simulator (and every process the simulated hosts
   * run).
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      system.close();
    }
  }
}
