package io.fleetdeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.controller.deployment.DeploymentReconciler;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.controller.group.DeploymentGroupReconciler;
import io.fleetdeploy.controller.policy.FleetPolicies;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.FleetServices;
import io.fleetdeploy.testing.fleet.EffectGate;
import io.fleetdeploy.testing.fleet.InMemoryAws;
import io.fleetdeploy.testing.fleet.InMemoryFleetServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * The controllers against the embedded API server and an {@link InMemoryAws}, driven in a single
 * thread on a {@link MutableClock}: each step runs the reconcile that is due first (by the
 * operator's own rescheduling, or because an object it watches changed, as JOSDK would), and time
 * jumps to the next due moment, so a rollout of minutes takes milliseconds and always runs the same
 * way. An operator "incarnation" is the reconcilers with their memory; {@link #restart} replaces it
 * as a crash and a new leader would, and a {@link CrashPlan} kills it at a chosen effect.
 *
 * <p>One namespace per harness use; the API server can be shared ({@link #on}).
 */
public final class ControllerHarness implements AutoCloseable {
  public static final String BUCKET = "bundles";
  public static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  /** Production clocks, except a quicker inventory refresh where a test says so. */
  public static final Timing TIMING = Timing.defaults();

  /** Bundles packed once per test run: packing is the slow part of many short scenarios. */
  private static final Map<String, byte[]> PACKED = new java.util.concurrent.ConcurrentHashMap<>();

  private final ch.qos.logback.classic.Logger controllerLog =
      (ch.qos.logback.classic.Logger)
          org.slf4j.LoggerFactory.getLogger("io.fleetdeploy.controller");
  private final ch.qos.logback.classic.Level logLevelBefore = controllerLog.getLevel();
  private final EmbeddedApiServer api;

  /** The operator's own client: no retries of failed writes (a killed operator retries nothing). */
  private final KubernetesClient operatorClient;

  private final boolean ownsApi;
  private final String namespace;
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryAws aws = new InMemoryAws(clock);
  private final Path scratch;
  private Timing timing = TIMING;
  private Duration inventoryRefresh = Duration.ofSeconds(60);
  private Incarnation operator;
  private CrashPlan crash;
  private int incarnations;
  private final Map<String, Instant> due = new LinkedHashMap<>();
  private final Map<String, Runnable> beforeWrites = new LinkedHashMap<>();
  private final Map<String, String> seenVersions = new HashMap<>();
  private final Map<String, Long> seenGenerations = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private long steps;

  private ControllerHarness(EmbeddedApiServer api, boolean ownsApi, String namespace) {
    this.api = api;
    this.ownsApi = ownsApi;
    this.operatorClient =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(api.client().getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    this.namespace = namespace;
    try {
      this.scratch = Files.createTempDirectory("fleetdeploy-harness-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A harness with its own API server. */
  public static ControllerHarness start(String namespace) {
    return new ControllerHarness(EmbeddedApiServer.start(0), true, namespace).begin();
  }

  /** A harness on a shared API server, in its own namespace. */
  public static ControllerHarness on(EmbeddedApiServer api, String namespace) {
    return new ControllerHarness(api, false, namespace).begin();
  }

  /** Asks a Deployment of this namespace to stop ({@code spec.stop}), as a user would. */
  public void stop(String deployment) {
    client()
        .resources(Deployment.class)
        .inNamespace(namespace())
        .withName(deployment)
        .edit(
            d -> {
              d.getSpec().setStop(true);
              return d;
            });
  }

  /**
   * A harness in a namespace of its own, named after the test method ({@code prefix} keeps test
   * classes that share an API server apart), with the Application {@code fleet-app} in it.
   */
  public static ControllerHarness forTest(EmbeddedApiServer api, String prefix, TestInfo test) {
    String ns =
        prefix
            + test.getTestMethod()
                .orElseThrow()
                .getName()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "");
    ControllerHarness h = on(api, ns.substring(0, Math.min(40, ns.length())));
    h.create(Resources.application(h.namespace(), "fleet-app"));
    return h;
  }

  private ControllerHarness begin() {
    // Thousands of reconciles per test (and, in the crash suite, refused writes): their log lines
    // would
    // drown the build log.
    controllerLog.setLevel(ch.qos.logback.classic.Level.ERROR);
    operator = new Incarnation();
    api.gate(
        new io.fleetdeploy.embedded.WriteGate() {
          @Override
          public boolean admit(String method, String path) {
            Runnable action = null;
            synchronized (beforeWrites) {
              for (String part : List.copyOf(beforeWrites.keySet())) {
                if ((method + " " + path).contains(part)) {
                  action = beforeWrites.remove(part);
                  break;
                }
              }
            }
            if (action != null) {
              action.run();
            }
            return crash == null || crash.admit(method, path);
          }

          @Override
          public void written(String method, String path) {
            if (crash != null) {
              crash.written(method, path);
            }
          }
        });
    return this;
  }

  /**
   * Runs {@code action} once, just before the next write whose method and path contain {@code part}
   * (e.g. {@code "PUT /apis/fleetdeploy.io/v1alpha1/namespaces/ns/deployments/web/status"}): a
   * user's edit racing the operator's write.
   */
  public void beforeWrite(String part, Runnable action) {
    synchronized (beforeWrites) {
      beforeWrites.put(part, action);
    }
  }

  public ControllerHarness withTiming(Timing newTiming) {
    this.timing = newTiming;
    this.operator = new Incarnation();
    return this;
  }

  public ControllerHarness withInventoryRefresh(Duration refresh) {
    this.inventoryRefresh = refresh;
    this.operator = new Incarnation();
    return this;
  }

  /**
   * Every write the API server received, with the bytes of its body (a replace sends the whole
   * object: what etcd stores), by resource; shared by the harnesses of one API server.
   */
  public io.fleetdeploy.embedded.ApiWrites writes() {
    return api.writes();
  }

  public KubernetesClient client() {
    return api.client();
  }

  public InMemoryAws aws() {
    return aws;
  }

  public MutableClock clock() {
    return clock;
  }

  public String namespace() {
    return namespace;
  }

  public long steps() {
    return steps;
  }

  public int incarnations() {
    return incarnations;
  }

  /** What happened, step by step (reconciles, crashes), for failure messages. */
  public String log() {
    return String.join("\n", log.subList(Math.max(0, log.size() - 200), log.size()));
  }

  // ------------------------------------------------------------------ objects

  public <T extends HasMetadata> T create(T resource) {
    resource.getMetadata().setNamespace(namespace);
    return client().resource(resource).create();
  }

  public Deployment deployment(String name) {
    return client().resources(Deployment.class).inNamespace(namespace).withName(name).get();
  }

  public DeploymentGroup group(String name) {
    return client().resources(DeploymentGroup.class).inNamespace(namespace).withName(name).get();
  }

  public List<Deployment> deployments() {
    return client().resources(Deployment.class).inNamespace(namespace).list().getItems();
  }

  /**
   * Packs test bundle {@code name} (a directory under src/test/resources/bundles) with its {@code
   * app/VERSION} set to {@code version}, stores it in {@link #BUCKET} and returns its key.
   */
  public String uploadBundle(String name, String version) {
    String key = name + "/" + name + "-" + version + ".tgz";
    byte[] packed = PACKED.get(key);
    if (packed != null) {
      aws.putBundle(BUCKET, key, packed);
      return key;
    }
    try {
      Path work = Files.createTempDirectory(scratch, "bundle-");
      Path dir = TestBundles.copy(name, work);
      Files.writeString(dir.resolve("app/VERSION"), version + "\n");
      Path archive = TestBundles.pack(dir, BundleType.TGZ, work.resolve(name + ".tgz"));
      byte[] bytes = Files.readAllBytes(archive);
      PACKED.put(key, bytes);
      aws.putBundle(BUCKET, key, bytes);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ the operator

  /** Replaces the operator with a fresh one (nothing of the old one's memory), as a crash would. */
  public void restart() {
    operator = new Incarnation();
    incarnations++;
    log.add(at() + " operator restarted");
    // A new operator reconciles every object once its informers are synced.
    List.copyOf(seenVersions.keySet()).forEach(key -> due.put(key, clock.instant()));
  }

  /** Kills the operator at the {@code n}th effect of the run (before it, or right after it). */
  public CrashPlan crashAt(int n, boolean afterTheEffect) {
    crash = new CrashPlan(n, afterTheEffect);
    aws.gate(crash);
    return crash;
  }

  /** Counts effects without killing: how many kill points a run has. */
  public CrashPlan countEffects() {
    return crashAt(0, false);
  }

  /**
   * Runs reconciles until {@code done} holds, at most {@code simulated} of clock time; fails with
   * the harness log when it does not.
   */
  public void runUntil(BooleanSupplier done, Duration simulated) {
    Instant deadline = clock.instant().plus(simulated);
    sync();
    while (!done.getAsBoolean()) {
      Optional<Map.Entry<String, Instant>> next =
          due.entrySet().stream().min(Map.Entry.comparingByValue());
      if (next.isEmpty()) {
        throw new AssertionError(
            "nothing left to reconcile, and the condition does not hold\n" + log());
      }
      if (next.get().getValue().isAfter(deadline)) {
        clock.advanceTo(deadline);
        if (done.getAsBoolean()) {
          return;
        }
        throw new AssertionError("not done after " + simulated + " of simulated time\n" + log());
      }
      clock.advanceTo(next.get().getValue());
      String key = next.get().getKey();
      due.remove(key);
      reconcile(key);
      sync();
    }
  }

  /** Runs for this long of simulated time, whatever happens. */
  public void runFor(Duration simulated) {
    Instant until = clock.instant().plus(simulated);
    runUntil(() -> !clock.instant().isBefore(until), simulated.plusSeconds(1));
  }

  public Deployment awaitFinished(String name, Duration simulated) {
    runUntil(() -> finished(deployment(name)), simulated);
    return deployment(name);
  }

  public Deployment awaitDeployment(
      String name, Predicate<Deployment> condition, Duration simulated) {
    runUntil(
        () -> {
          Deployment d = deployment(name);
          return d != null && condition.test(d);
        },
        simulated);
    return deployment(name);
  }

  public DeploymentGroup awaitGroup(
      String name, Predicate<DeploymentGroup> condition, Duration simulated) {
    runUntil(
        () -> {
          DeploymentGroup g = group(name);
          return g != null && condition.test(g);
        },
        simulated);
    return group(name);
  }

  public static boolean finished(Deployment d) {
    return d != null
        && d.getStatus() != null
        && d.getStatus().getPhase() != null
        && d.getStatus().getPhase().finished();
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

  private void reconcile(String key) {
    steps++;
    String[] parts = key.split("/", 2);
    if (crash != null) {
      crash.arm();
    }
    try {
      Optional<Duration> next =
          parts[0].equals("Deployment") ? reconcileDeployment(parts[1]) : reconcileGroup(parts[1]);
      next.ifPresent(d -> due.merge(key, clock.instant().plus(d), (a, b) -> a.isBefore(b) ? a : b));
    } catch (EffectGate.OperatorKilled killed) {
      // handled below
    } catch (RuntimeException e) {
      if (crash == null || !crash.dead()) {
        log.add(at() + " " + key + " failed: " + e);
        operator.recordError(parts, e);
        // JOSDK retries failed reconciles with backoff; its first retry comes after 2 s.
        due.merge(key, clock.instant().plusSeconds(2), (a, b) -> a.isBefore(b) ? a : b);
      }
    } finally {
      if (crash != null) {
        crash.disarm();
      }
    }
    if (crash != null && crash.dead()) {
      log.add(at() + " operator killed " + crash.where());
      crash.spent();
      restart();
    }
  }

  private Optional<Duration> reconcileDeployment(String name) {
    Deployment d = deployment(name);
    if (d == null) {
      return Optional.empty();
    }
    Optional<DeploymentGroup> group =
        Optional.ofNullable(group(d.getSpec().getDeploymentGroupRef().getName()));
    String groupName = d.getSpec().getDeploymentGroupRef().getName();
    Optional<Duration> next =
        operator.deployments.reconcile(
            d,
            group,
            () ->
                deployments().stream()
                    .filter(p -> groupName.equals(p.getSpec().getDeploymentGroupRef().getName()))
                    .toList());
    Deployment after = deployment(name);
    log.add(
        at()
            + " Deployment/"
            + name
            + " "
            + (after == null || after.getStatus() == null
                ? "-"
                : after.getStatus().getPhase() + " " + after.getStatus().getProgress())
            + next.map(n -> " next " + n).orElse(""));
    return next;
  }

  private Optional<Duration> reconcileGroup(String name) {
    DeploymentGroup g = group(name);
    if (g == null) {
      return Optional.empty();
    }
    List<Deployment> mine =
        deployments().stream()
            .filter(d -> name.equals(d.getSpec().getDeploymentGroupRef().getName()))
            .toList();
    boolean app =
        client()
                .resources(Application.class)
                .inNamespace(namespace)
                .withName(g.getSpec().getApplicationRef().getName())
                .get()
            != null;
    Duration next = operator.groups.reconcile(g, mine, app);
    log.add(at() + " DeploymentGroup/" + name + " next " + next);
    return Optional.of(next);
  }

  /** Schedules reconciles for what changed since the last look, as the operator's watches would. */
  private void sync() {
    Map<String, HasMetadata> now = new LinkedHashMap<>();
    deployments().forEach(d -> now.put("Deployment/" + d.getMetadata().getName(), d));
    client()
        .resources(DeploymentGroup.class)
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(g -> now.put("DeploymentGroup/" + g.getMetadata().getName(), g));
    Instant t = clock.instant();
    for (Map.Entry<String, HasMetadata> e : now.entrySet()) {
      HasMetadata object = e.getValue();
      String version = object.getMetadata().getResourceVersion();
      if (version.equals(seenVersions.get(e.getKey()))) {
        continue;
      }
      Long generation = object.getMetadata().getGeneration();
      if (!Objects.equals(generation, seenGenerations.get(e.getKey()))) {
        due.put(e.getKey(), t);
      }
      seenVersions.put(e.getKey(), version);
      seenGenerations.put(e.getKey(), generation);
      if (object instanceof Deployment d) {
        due.put("DeploymentGroup/" + d.getSpec().getDeploymentGroupRef().getName(), t);
      } else if (object instanceof DeploymentGroup g) {
        now.values().stream()
            .filter(
                o ->
                    o instanceof Deployment d
                        && g.getMetadata()
                            .getName()
                            .equals(d.getSpec().getDeploymentGroupRef().getName()))
            .forEach(o -> due.put("Deployment/" + o.getMetadata().getName(), t));
      }
    }
    for (String gone : List.copyOf(seenVersions.keySet())) {
      if (!now.containsKey(gone)) {
        seenVersions.remove(gone);
        seenGenerations.remove(gone);
        due.remove(gone);
      }
    }
    // Keys of objects that do not exist (a group a Deployment names) need no reconcile.
    due.keySet().removeIf(k -> !now.containsKey(k));
  }

  private String at() {
    return Duration.between(T0, clock.instant()).toString();
  }

  @Override
  public void close() {
    api.gate(io.fleetdeploy.embedded.WriteGate.OPEN);
    operatorClient.close();
    controllerLog.setLevel(logLevelBefore);
    if (ownsApi) {
      api.close();
    } else {
      // A shared API server lists by scanning everything it holds: keep it small.
      client().resources(Deployment.class).inNamespace(namespace).delete();
      client().resources(DeploymentGroup.class).inNamespace(namespace).delete();
      client().resources(Application.class).inNamespace(namespace).delete();
      client().v1().events().inNamespace(namespace).delete();
    }
    try (Stream<Path> walk = Files.walk(scratch)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files left behind are harmless
    }
  }

  /** The reconcilers of one operator incarnation, wired as in production. */
  private final class Incarnation {
    final DeploymentReconciler deployments;
    final DeploymentGroupReconciler groups;

    Incarnation() {
      FleetServices fleet = InMemoryFleetServices.over(aws, scratch);
      EventRecorder events = new EventRecorder(operatorClient, clock);
      FleetPolicies policies = FleetPolicies.listing(operatorClient);
      deployments =
          DeploymentReconciler.create(
              operatorClient, fleet, policies, events, new SimpleMeterRegistry(), timing, clock);
      groups =
          DeploymentGroupReconciler.create(
              operatorClient,
              new StatusUpdater(operatorClient),
              events,
              fleet,
              policies,
              inventoryRefresh,
              clock);
    }

    void recordError(String[] key, RuntimeException e) {
      if (key[0].equals("Deployment")) {
        Deployment d = deployment(key[1]);
        if (d != null) {
          try {
            deployments.recordError(d, e);
          } catch (RuntimeException ignored) {
            // the error status is best effort, as in JOSDK
          }
        }
      }
    }
  }
}
