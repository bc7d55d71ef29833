package io.fleetdeploy.bench;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.ApiWrites;
import io.fleetdeploy.embedded.EmbeddedSystem;
import io.fleetdeploy.simulator.HostModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the benchmark: the simulator with the fleet, the API server and the operator in this JVM
 * (production wiring and production clocks, but for the poll interval the settings give), one
 * DeploymentGroup over the fleet, and per run one Deployment of a fresh revision, measured from its
 * creation to Succeeded.
 */
final class BenchRunner implements AutoCloseable {
  static final String NAMESPACE = "bench";
  static final String GROUP = "fleet";
  static final String BUCKET = "fleetdeploy-bench";

  /** A run is over once the operator wrote nothing for this long (at most {@link #SETTLE_MOST}). */
  private static final Duration SETTLE_QUIET = Duration.ofMillis(300);

  private static final Duration SETTLE_MOST = Duration.ofSeconds(10);

  private final BenchSettings settings;
  private final Path workDir;
  private final EmbeddedSystem system;
  private final List<DeploymentGroup> groups = new ArrayList<>();

  BenchRunner(BenchSettings settings) {
    this.settings = settings;
    try {
      this.workDir = Files.createTempDirectory("fleetdeploy-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Timing timing = Timing.defaults().withPollInterval(settings.pollInterval());
    boolean modelled = settings.hosts() == BenchSettings.HostMode.modelled;
    this.system =
        EmbeddedSystem.start(
            new EmbeddedSystem.Options(
                0,
                "eu-west-1",
                workDir.resolve("fleet"),
                settings.hostConcurrency(),
                timing,
                Duration.ofSeconds(60),
                modelled ? List.of() : List.of(settings.python().hostPathDirectory(workDir)),
                modelled
                    ? new HostModel(
                        Duration.ofMillis(settings.hookMs()),
                        settings.jitter(),
                        settings.failureRate())
                    : null));
    for (int g = 0; g < settings.groups(); g++) {
      // The fleet split evenly: the first groups take one more where it does not divide.
      int size =
          settings.instances() / settings.groups()
              + (g < settings.instances() % settings.groups() ? 1 : 0);
      system.simulator().addInstances(size, Map.of("bench", groupName(g)));
    }
    system.simulator().createBucket(BUCKET);
    createOnce(BenchResources.application(NAMESPACE));
    for (int g = 0; g < settings.groups(); g++) {
      groups.add(createOnce(BenchResources.group(NAMESPACE, groupName(g), settings.config())));
    }
  }

  /**
   * Creates a resource; a create the client retried after a slow answer finds the first attempt's
   * object (409), which is then read.
   */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T createOnce(T resource) {
    try {
      return system.client().resource(resource).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return system.client().resource(resource).get();
    }
  }

  /** "fleet" for a single group (as always), "fleet-1" ... with several. */
  private String groupName(int index) {
    return settings.groups() == 1 ? GROUP : GROUP + "-" + (index + 1);
  }

  BenchRun run(int number) throws InterruptedException {
    String revision = "r" + number;
    String key = "bench/" + revision + ".tgz";
    system
        .simulator()
        .putObject(BUCKET, key, BenchBundle.tgz(settings.hookMs(), revision, workDir));
    List<String> names = new ArrayList<>();
    for (DeploymentGroup group : groups) {
      names.add(group.getMetadata().getName() + "-" + revision);
    }

    system.simulator().resetCounters();
    system.aws().counter().reset();
    system.api().writes().reset();
    system.simulator().faults().throttlePercent(settings.throttlePercent());
    ResourceMeter meter = new ResourceMeter();

    Set<String> finished = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(names.size());
    long end;
    long start;
    long ownBytes = 0;
    try (Watch watch =
        system
            .client()
            .resources(Deployment.class)
            .inNamespace(NAMESPACE)
            .watch(finishedWatcher(names, finished, done))) {
      start = System.nanoTime();
      for (int g = 0; g < groups.size(); g++) {
        Deployment deployment =
            BenchResources.deployment(
                NAMESPACE, names.get(g), groups.get(g).getMetadata().getName(), BUCKET, key);
        ownBytes += Serialization.asJson(deployment).getBytes(StandardCharsets.UTF_8).length;
        try {
          system.client().resource(deployment).create();
        } catch (KubernetesClientException e) {
          // A create the client retried after a slow answer: the first attempt made it.
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
      if (!done.await(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "run "
                + number
                + " did not finish within "
                + settings.timeout().toSeconds()
                + " s (raise --timeout); "
                + finished.size()
                + " of "
                + names.size()
                + " deployment(s) finished");
      }
      end = System.nanoTime();
    }
    system.simulator().faults().throttlePercent(0);

    double controllerCpu = meter.controllerCpuSeconds();
    double processCpu = meter.processCpuSeconds();
    double peakHeap = meter.peakHeapMiB();
    double liveHeap = meter.liveHeapMiB();
    meter.close();
    // What the operator still writes because of this run (the group's and application's statuses
    // follow the deployment's end) is this run's, and must not weigh on the next one's start.
    QuietPeriod.await(this::operatorWrites, SETTLE_QUIET, SETTLE_MOST);
    String phase = "Succeeded";
    int batches = 0;
    int hostsMeasured = 0;
    int failed = 0;
    double ideal = 0;
    double hostSpan = 0;
    long largest = 0;
    for (int g = 0; g < groups.size(); g++) {
      Deployment result =
          system
              .client()
              .resources(Deployment.class)
              .inNamespace(NAMESPACE)
              .withName(names.get(g))
              .get();
      if (!result.getStatus().getPhase().name().equals("Succeeded")) {
        phase = result.getStatus().getPhase().name();
      }
      batches +=
          result.getStatus().getBatchesStarted() == null
              ? 0
              : result.getStatus().getBatchesStarted();
      failed += failedInstances(result);
      HostTimings hosts = hostTimings(result, groups.get(g));
      hostsMeasured += hosts.hosts();
      // Groups roll out side by side: the slowest one bounds the run.
      ideal = Math.max(ideal, hosts.ideal());
      hostSpan = Math.max(hostSpan, hosts.hostSpan());
      largest =
          Math.max(largest, Serialization.asJson(result).getBytes(StandardCharsets.UTF_8).length);
    }
    Map<String, Long> writes = new TreeMap<>();
    Map<String, Long> bytes = new TreeMap<>();
    for (Map.Entry<String, ApiWrites.Count> e : system.api().writes().byResource().entrySet()) {
      // The benchmark's own creates of the Deployments are not the operator's.
      boolean deployments = e.getKey().equals("deployments");
      writes.put(e.getKey(), e.getValue().writes() - (deployments ? names.size() : 0));
      bytes.put(e.getKey(), Math.max(0, e.getValue().bytes() - (deployments ? ownBytes : 0)));
    }
    writes.values().removeIf(v -> v == 0);
    bytes.keySet().retainAll(writes.keySet());
    return new BenchRun(
        number,
        settings.instances(),
        settings.groups(),
        settings.hosts().name(),
        settings.config().text(),
        settings.hookMs(),
        settings.throttlePercent(),
        phase,
        batches,
        hostsMeasured,
        failed,
        (end - start) / 1e9,
        ideal,
        hostSpan,
        controllerCpu,
        processCpu,
        peakHeap,
        liveHeap,
        system.aws().counter().calls(),
        system.aws().counter().throttled(),
        writes,
        bytes,
        largest);
  }

  private long operatorWrites() {
    return system.api().writes().byResource().values().stream()
        .mapToLong(ApiWrites.Count::writes)
        .sum();
  }

  /** The hosts' own timings: recorded by the runner on each host, or by the modelled hosts. */
  private HostTimings hostTimings(Deployment result, DeploymentGroup group) {
    if (settings.hosts() == BenchSettings.HostMode.modelled) {
      String deploymentId = "d-" + result.getMetadata().getUid();
      return HostTimings.read(
          result,
          id ->
              system
                  .simulator()
                  .modelledRun(id, deploymentId)
                  .map(t -> new HostTimings.HostRun(t.start(), t.end())));
    }
    return HostTimings.read(
        result, group.getMetadata().getUid(), id -> system.simulator().instanceRoot(id));
  }

  private static int failedInstances(Deployment deployment) {
    var overview = deployment.getStatus().getOverview();
    return overview == null || overview.getFailed() == null ? 0 : overview.getFailed();
  }

  private static Watcher<Deployment> finishedWatcher(
      List<String> names, Set<String> finished, CountDownLatch done) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment deployment) {
        String name = deployment.getMetadata().getName();
        if (names.contains(name) && over(deployment) && finished.add(name)) {
          done.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // The run's own timeout reports a watch that died.
      }
    };
  }

  private static boolean over(Deployment d) {
    return d != null
        && d.getStatus() != null
        && d.getStatus().getPhase() != null
        && d.getStatus().getPhase().finished();
  }

  @Override
  public void close() {
    system.close();
    try (Stream<Path> walk = Files.walk(workDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
