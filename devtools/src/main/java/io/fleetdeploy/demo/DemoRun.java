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
 * finished and every group has settled, or the timeout passes. A Deployment that cannot start
 * without a person (its group does not exist) ends the demo at once instead of at the timeout.
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
  private final StoryScript story;

  public DemoRun(
      DemoEnvironment env,
      List<ManifestFile> manifests,
      DemoSettings settings,
      DemoConsole console,
      Clock clock,
      Path workingDirectory) {
    this.env = env;
    this.manifests = List.copyOf(manifests);
    this.settings = settings;
    this.console = console;
    this.clock = clock;
    this.workingDirectory = workingDirectory.toAbsolutePath();
    this.scaledOut = !settings.scaleOut();
    this.story =
        settings.story() == DemoStory.production ? new ProductionStory(env) : StoryScript.NONE;
  }

  /** How waiting for the cluster to settle ended: settled when both lists are empty. */
  private record Waited(List<String> stillMoving, List<String> blocked) {
    boolean settled() {
      return stillMoving.isEmpty() && blocked.isEmpty();
    }
  }

  public DemoResult run() throws InterruptedException {
    Instant deadline = clock.instant().plus(settings.timeout()).minus(console.elapsed());
    ManifestApplier applier = new ManifestApplier(env.client());
    for (ManifestFile manifest : manifests) {
      Waited waited = settle(deadline);
      if (!waited.settled()) {
        return finish(waited);
      }
      if (anyFailed()) {
        console.line(
            "not applying "
                + shown(manifest.file())
                + " and what follows: a Deployment did not succeed");
        break;
      }
      List<ManifestApplier.Result> results = applier.apply(manifest);
      for (int i = 0; i < results.size(); i++) {
        var object = manifest.objects().get(i);
        console.line(
            "applied "
                + shown(manifest.file())
                + ": "
                + object.getKind()
                + " "
                + name(object)
                + " "
                + results.get(i));
      }
    }
    return finish(settle(deadline));
  }

  /** Polls until settled, blocked, or the deadline (then with what is still moving). */
  private Waited settle(Instant deadline) throws InterruptedException {
    while (true) {
      last = ClusterSnapshot.read(env.client(), clock.instant());
      log.update(last).forEach(console::line);
      story.observe(last).forEach(console::line);
      if (!scaledOut) {
        Optional<Deployment> rollout = ScaleOutTrigger.firstBatchSucceeded(last);
        if (rollout.isPresent()) {
          scaledOut = true;
          int desired = env.scaleOut();
          console.line(
              "scale-out: the first batch of "
                  + DeploymentFacts.key(rollout.get())
                  + " succeeded, so "
                  + DemoFleet.AUTO_SCALING_GROUP
                  + " goes to "
                  + desired
                  + " instance(s); the launch hook holds the new "
                  + "one until a Deployment of creator autoscaling has installed the revision");
        }
      }
      List<InstanceInfo> members =
          env.instances().stream()
              .filter(i -> DemoFleet.AUTO_SCALING_GROUP.equals(i.autoScalingGroup()))
              .toList();
      List<String> blocked = Settlement.blocked(last);
      if (!blocked.isEmpty()) {
        return new Waited(List.of(), blocked);
      }
      List<String> pending =
          Settlement.pending(last, members, env.autoScalingDesired(), !anyFailed());
      if (pending.isEmpty() || !clock.instant().isBefore(deadline)) {
        return new Waited(pending, List.of());
      }
      console.progress(log.progress());
      Thread.sleep(settings.pollInterval().toMillis());
    }
  }

  private boolean anyFailed() {
    return log.deployments().stream().anyMatch(this::failed);
  }

  /** Finished without success, and not as the story means it to. */
  private boolean failed(Deployment d) {
    return DeploymentFacts.finished(d)
        && !DeploymentFacts.succeeded(d)
        && !story.expectedEnding(d, last);
  }

  private DemoResult finish(Waited waited) {
    console.endProgress();
    List<String> problems = new ArrayList<>(waited.blocked());
    if (!waited.stillMoving().isEmpty()) {
      problems.add(
          "timed out after "
              + settings.timeout().toSeconds()
              + "s, still waiting for: "
              + String.join("; ", waited.stillMoving()));
    }
    for (Deployment d : log.deployments()) {
      if (failed(d)) {
        ErrorInformation error = d.getStatus().getErrorInformation();
        problems.add(
            "Deployment "
                + DeploymentFacts.key(d)
                + " "
                + d.getStatus().getPhase()
                + (error == null ? "" : ": " + error.getCode() + ": " + error.getMessage()));
      }
    }
    for (DeploymentGroup g : last.groups()) {
      if (!Settlement.ready(g) && !story.expectedNotReady(g, last)) {
        problems.add(
            "DeploymentGroup "
                + g.getMetadata().getName()
                + " is not Ready"
                + Settlement.condition(
                        g.getStatus() == null ? null : g.getStatus().getConditions(), "Ready")
                    .map(c -> ": " + c.getReason() + ": " + c.getMessage())
                    .orElse(""));
      }
    }
    return new DemoResult(problems, last, log);
  }

  private String shown(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(workingDirectory)
        ? workingDirectory.relativize(absolute).toString()
        : file.toString();
  }

  private static String name(io.fabric8.kubernetes.api.model.HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (DemoFleet.NAMESPACE.equals(namespace) ? "" : namespace + "/")
        + object.getMetadata().getName();
  }
}
