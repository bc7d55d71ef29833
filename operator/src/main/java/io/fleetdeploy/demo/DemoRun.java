package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ErrorInformation;
import io.fleetdeploy.simulator.InstanceInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's story: applies the manifest files one after the other, each once everything applied
 * before has settled, scales demo-asg out once a rollout's first batch has succeeded, logs what
 * happens as it happens, and waits until every Deployment (the operator's own included) has
 * finished and every group has settled, or the timeout passes.
 */
public final class DemoRun {
  private final DemoEnvironment env;
  private final List<ManifestFile> manifests;
  private final DemoSettings settings;
  private final DemoConsole console;
  private final Clock clock;
  private final Path workingDirectory;
  private final ProgressLog log = new ProgressLog();
  private boolean scaledOut;
  private ClusterSnapshot last;

  public DemoRun(DemoEnvironment env, List<ManifestFile> manifests, DemoSettings settings, DemoConsole console,
      Clock clock, Path workingDirectory) {
    this.env = env;
    this.manifests = List.copyOf(manifests);
    this.settings = settings;
    this.console = console;
    this.clock = clock;
    this.workingDirectory = workingDirectory.toAbsolutePath();
    this.scaledOut = !settings.scaleOut();
  }

  public DemoResult run() throws InterruptedException {
    Instant deadline = clock.instant().plus(settings.timeout()).minus(console.elapsed());
    ManifestApplier applier = new ManifestApplier(env.client());
    for (ManifestFile manifest : manifests) {
      List<String> pending = settle(deadline);
      if (!pending.isEmpty()) {
        return finish(timedOut(pending));
      }
      if (anyFailed()) {
        console.line("not applying " + shown(manifest.file()) + " and what follows: a Deployment did not succeed");
        break;
      }
      List<ManifestApplier.Result> results = applier.apply(manifest);
      for (int i = 0; i < results.size(); i++) {
        var object = manifest.objects().get(i);
        console.line("applied " + shown(manifest.file()) + ": " + object.getKind() + " " + name(object) + " "
            + results.get(i));
      }
    }
    List<String> pending = settle(deadline);
    return finish(pending.isEmpty() ? List.of() : timedOut(pending));
  }

  /** Polls until settled (empty result) or the deadline (what is still moving). */
  private List<String> settle(Instant deadline) throws InterruptedException {
    while (true) {
      last = ClusterSnapshot.read(env.client(), clock.instant());
      log.update(last).forEach(console::line);
      if (!scaledOut) {
        Optional<Deployment> rollout = ScaleOutTrigger.firstBatchSucceeded(last);
        if (rollout.isPresent()) {
          scaledOut = true;
          int desired = env.scaleOut();
          console.line("scale-out: the first batch of " + DeploymentFacts.key(rollout.get()) + " succeeded, so "
              + DemoFleet.AUTO_SCALING_GROUP + " goes to " + desired + " instance(s); the launch hook holds the new "
              + "one until a Deployment of creator autoscaling has installed the revision");
        }
      }
      List<InstanceInfo> members = env.instances().stream()
          .filter(i -> DemoFleet.AUTO_SCALING_GROUP.equals(i.autoScalingGroup())).toList();
      List<String> pending = Settlement.pending(last, members, env.autoScalingDesired(), !anyFailed());
      if (pending.isEmpty()) {
        return pending;
      }
      if (!clock.instant().isBefore(deadline)) {
        return pending;
      }
      console.progress(log.progress());
      Thread.sleep(settings.pollInterval().toMillis());
    }
  }

  private boolean anyFailed() {
    return log.deployments().stream().anyMatch(d -> DeploymentFacts.finished(d) && !DeploymentFacts.succeeded(d));
  }

  private List<String> timedOut(List<String> pending) {
    return List.of("timed out after " + settings.timeout().toSeconds() + "s, still waiting for: "
        + String.join("; ", pending));
  }

  private DemoResult finish(List<String> timeout) {
    console.endProgress();
    List<String> problems = new ArrayList<>(timeout);
    for (Deployment d : log.deployments()) {
      if (DeploymentFacts.finished(d) && !DeploymentFacts.succeeded(d)) {
        ErrorInformation error = d.getStatus().getErrorInformation();
        problems.add("Deployment " + DeploymentFacts.key(d) + " " + d.getStatus().getPhase()
            + (error == null ? "" : ": " + error.getCode() + ": " + error.getMessage()));
      }
    }
    for (DeploymentGroup g : last.groups()) {
      if (!Settlement.ready(g)) {
        problems.add("DeploymentGroup " + g.getMetadata().getName() + " is not Ready"
            + Settlement.condition(g.getStatus() == null ? null : g.getStatus().getConditions(), "Ready")
                .map(c -> ": " + c.getReason() + ": " + c.getMessage()).orElse(""));
      }
    }
    return new DemoResult(problems, last, log);
  }

  private String shown(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute).toString() : file.toString();
  }

  private static String name(io.fabric8.kubernetes.api.model.HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (DemoFleet.NAMESPACE.equals(namespace) ? "" : namespace + "/") + object.getMetadata().getName();
  }
}
