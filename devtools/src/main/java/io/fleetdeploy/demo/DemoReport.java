package io.fleetdeploy.demo;

import io.fleetdeploy.simulator.InstanceInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the demo says around its live log: where the API server is and what the fleet holds at the
 * start, the summary tables and the verdict at the end, the JSON List, and how to reach what keeps
 * running. While it is open, routine log lines are kept out of the way.
 */
public final class DemoReport implements AutoCloseable {
  private final DemoConsole console;
  private final QuietLogs quiet;
  private String dashboardUrl;

  public DemoReport(DemoConsole console, boolean verbose) {
    this.console = console;
    this.quiet = QuietLogs.quiet(verbose);
  }

  public void started(
      DemoEnvironment env,
      DemoSettings settings,
      Path manifestDir,
      List<ManifestFile> manifests,
      List<Bundle> bundles) {
    console.raw("fleetdeploy demo: embedded Kubernetes API server at " + env.apiUrl());
    console.raw("  watch it with: kubectl --server " + env.apiUrl() + " get fleetdeploy");
    console.raw(
        "fleet: "
            + settings.instances()
            + " EC2 instance(s) tagged "
            + DemoFleet.TAG_KEY
            + "="
            + DemoFleet.INSTANCE_TAG_VALUE
            + ", Auto Scaling group "
            + DemoFleet.AUTO_SCALING_GROUP
            + " with "
            + settings.autoScalingInstances()
            + " instance(s) tagged "
            + DemoFleet.TAG_KEY
            + "="
            + DemoFleet.AUTO_SCALING_TAG_VALUE
            + " (region "
            + DemoFleet.REGION
            + ")");
    console.raw(
        "bucket "
            + DemoFleet.BUCKET
            + ": "
            + (bundles.isEmpty()
                ? "empty"
                : bundles.stream().map(Bundle::key).collect(Collectors.joining(", "))));
    console.raw(
        "manifests: "
            + manifests.size()
            + " file(s) of "
            + manifestDir
            + ", applied in file-name order, "
            + "each once the ones before have settled");
    console.raw("");
  }

  /** The dashboard is up at {@code url}: said now, and again in the summary. */
  public void dashboard(String url) {
    dashboardUrl = url;
    console.raw("dashboard: " + url);
  }

  public void finished(DemoResult result, List<InstanceInfo> fleet) {
    console.raw("");
    DemoSummary.render(result, fleet).forEach(console::raw);
    console.raw("");
    long deployments = result.log().deployments().size();
    long succeeded = result.log().deployments().stream().filter(DeploymentFacts::succeeded).count();
    if (result.exitCode() == 0 && succeeded < deployments) {
      // The story meant the others to end so (the production story's alarm).
      console.raw(
          "demo succeeded in "
              + DeploymentFacts.format(console.elapsed())
              + ": "
              + succeeded
              + " Deployment(s) succeeded; "
              + (deployments - succeeded)
              + " stopped by its alarm and rolled back, as the story goes");
    } else if (result.exitCode() == 0) {
      console.raw(
          "demo succeeded in "
              + DeploymentFacts.format(console.elapsed())
              + ": all "
              + deployments
              + " Deployment(s) succeeded and every DeploymentGroup is Ready");
    } else {
      console.raw("demo failed after " + DeploymentFacts.format(console.elapsed()) + ":");
      result.problems().forEach(p -> console.raw("  " + p));
    }
    if (dashboardUrl != null) {
      console.raw("dashboard: " + dashboardUrl + " (stays up with --keep-running)");
    }
  }

  public String json(DemoResult result) {
    return JsonList.render(result.snapshot());
  }

  public void keepingRunning(DemoEnvironment env) {
    console.raw("");
    console.raw("Still running (Ctrl-C to stop). The API server needs no kubeconfig:");
    console.raw("  kubectl --server " + env.apiUrl() + " get fleetdeploy");
    console.raw("  kubectl --server " + env.apiUrl() + " get deploymentgroups -o wide");
    console.raw("  kubectl --server " + env.apiUrl() + " describe fddeploy");
    if (dashboardUrl != null) {
      console.raw("The dashboard: " + dashboardUrl);
    }
    console.raw("The simulated hosts' root directories: " + env.instanceRoots());
  }

  @Override
  public void close() {
    quiet.close();
  }
}
