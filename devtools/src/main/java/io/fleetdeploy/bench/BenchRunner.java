package io.fleetdeploy.bench;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.ApiWrites;
import io.fleetdeploy.embedded.EmbeddedSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  private final BenchSettings settings;
  private final Path workDir;
  private final EmbeddedSystem system;
  private final DeploymentGroup group;

  BenchRunner(BenchSettings settings) {
    this.settings = settings;
    try {
      this.workDir = Files.createTempDirectory("fleetdeploy-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Timing timing = Timing.defaults().withPollInterval(settings.pollInterval());
    this.system =
        EmbeddedSystem.start(
            new EmbeddedSystem.Options(
                0,
                "eu-west-1",
                workDir.resolve("fleet"),
                settings.hostConcurrency(),
                timing,
                Duration.ofSeconds(60),
                List.of(settings.python().hostPathDirectory(workDir))));
    system.simulator().addInstances(settings.instances(), Map.of("bench", GROUP));
    system.simulator().createBucket(BUCKET);
    system.client().resource(BenchResources.application(NAMESPACE)).create();
    this.group =
        system
            .client()
            .resource(BenchResources.group(NAMESPACE, GROUP, settings.config()))
            .create();
  }

  BenchRun run(int number) throws InterruptedException {
    String revision = "r" + number;
    String key = "bench/" + revision + ".tgz";
    system
        .simulator()
        .putObject(BUCKET, key, BenchBundle.tgz(settings.hookMs(), revision, workDir));
    String name = GROUP + "-" + revision;

    system.simulator().resetCounters();
    system.aws().counter().reset();
    system.api().writes().reset();
    system.simulator().faults().throttlePercent(settings.throttlePercent());
    ResourceMeter meter = new ResourceMeter();

    AtomicReference<Deployment> finished = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    long start = System.nanoTime();
    system
        .client()
        .resource(BenchResources.deployment(NAMESPACE, name, GROUP, BUCKET, key))
        .create();
    long end;
    try (Watch watch =
        system
            .client()
            .resources(Deployment.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .watch(finishedWatcher(finished, done))) {
      // The watch may open after a fast deployment already ended: look once too.
      Deployment now =
          system.client().resources(Deployment.class).inNamespace(NAMESPACE).withName(name).get();
      if (over(now)) {
        finished.compareAndSet(null, now);
        done.countDown();
      }
      if (!done.await(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "run "
                + number
                + " did not finish within "
                + settings.timeout().toSeconds()
                + " s (raise --timeout)");
      }
      end = System.nanoTime();
    }
    system.simulator().faults().throttlePercent(0);

    double controllerCpu = meter.controllerCpuSeconds();
    double processCpu = meter.processCpuSeconds();
    double peakHeap = meter.peakHeapMiB();
    Deployment result =
        system.client().resources(Deployment.class).inNamespace(NAMESPACE).withName(name).get();
    HostTimings hosts =
        HostTimings.read(
            result, group.getMetadata().getUid(), id -> system.simulator().instanceRoot(id));
    Map<String, Long> writes = new TreeMap<>();
    Map<String, Long> bytes = new TreeMap<>();
    for (Map.Entry<String, ApiWrites.Count> e : system.api().writes().byResource().entrySet()) {
      // The benchmark's own create of the Deployment is not the operator's.
      long own = e.getKey().equals("deployments") ? 1 : 0;
      writes.put(e.getKey(), e.getValue().writes() - own);
      bytes.put(e.getKey(), e.getValue().bytes());
    }
    writes.values().removeIf(v -> v == 0);
    return new BenchRun(
        number,
        settings.instances(),
        settings.config().text(),
        settings.hookMs(),
        settings.throttlePercent(),
        result.getStatus().getPhase().name(),
        result.getStatus().getBatches() == null ? 0 : result.getStatus().getBatches().size(),
        hosts.hosts(),
        failedInstances(result),
        (end - start) / 1e9,
        hosts.ideal(),
        hosts.hostSpan(),
        controllerCpu,
        processCpu,
        peakHeap,
        system.aws().counter().calls(),
        system.aws().counter().throttled(),
        writes,
        bytes,
        Serialization.asJson(result).getBytes(StandardCharsets.UTF_8).length);
  }

  private static int failedInstances(Deployment deployment) {
    var overview = deployment.getStatus().getOverview();
    return overview == null || overview.getFailed() == null ? 0 : overview.getFailed();
  }

  private static Watcher<Deployment> finishedWatcher(
      AtomicReference<Deployment> finished, CountDownLatch done) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment deployment) {
        if (over(deployment)) {
          finished.compareAndSet(null, deployment);
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
