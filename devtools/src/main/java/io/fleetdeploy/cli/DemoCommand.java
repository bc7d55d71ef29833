package io.fleetdeploy.cli;

import io.fleetdeploy.demo.Bundle;
import io.fleetdeploy.demo.BundleDirectory;
import io.fleetdeploy.demo.DemoConsole;
import io.fleetdeploy.demo.DemoEnvironment;
import io.fleetdeploy.demo.DemoReport;
import io.fleetdeploy.demo.DemoResult;
import io.fleetdeploy.demo.DemoRun;
import io.fleetdeploy.demo.DemoSettings;
import io.fleetdeploy.demo.DemoStory;
import io.fleetdeploy.demo.ManifestException;
import io.fleetdeploy.demo.ManifestFile;
import io.fleetdeploy.demo.ManifestReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdeploy demo}: the whole system in one process, with no cluster and no AWS account.
 * The embedded API server, the AWS fleet simulator with a fixed fleet, the operator as in
 * production, and the manifests of samples/demo, rolled out live.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs fleetdeploy on this machine with no cluster and no AWS account: an embedded Kubernetes API server, a "
          + "simulated AWS fleet (EC2 instances tagged app=demo, the Auto Scaling group demo-asg, the S3 bucket "
          + "fleetdeploy-demo), the operator, and the manifests of samples/demo, applied one file after the other. "
          + "Progress goes to stderr.",
      "Exit code: 0 every Deployment succeeded, 1 one did not or the timeout passed, 2 usage or manifest error.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {
  /** How often the demo reads the API server's objects. */
  private static final Duration POLL = Duration.ofMillis(250);

  /** What {@code --output} prints on stdout at the end. */
  enum Output {
    text,
    json
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "18080",
      paramLabel = "PORT",
      description =
          "Port of the embedded API server on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--ui",
      negatable = true,
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Serve the web dashboard, read-only, on 127.0.0.1 (default true; --no-ui turns it off).")
  boolean ui;

  @Option(
      names = "--ui-port",
      defaultValue = "18081",
      paramLabel = "PORT",
      description =
          "Port of the dashboard on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int uiPort;

  @Option(
      names = "--instances",
      defaultValue = "6",
      paramLabel = "N",
      description = "EC2 instances tagged app=demo (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--asg-instances",
      defaultValue = "2",
      paramLabel = "M",
      description =
          "Instances of the Auto Scaling group demo-asg, tagged app=demo-asg (default ${DEFAULT-VALUE}; "
              + "0: the group exists, empty).")
  int asgInstances;

  @Option(
      names = "--story",
      defaultValue = "basic",
      paramLabel = "basic|production",
      description =
          "basic (default): samples/demo, two releases and an Auto Scaling scale-out. production: "
              + "samples/demo-production, the fleet behind a target group that each batch leaves, drains and "
              + "rejoins healthy, and a CloudWatch alarm that fires in the middle of the second release, which "
              + "stops it and rolls it back (no scale-out).")
  DemoStory story;

  @Option(
      names = "--manifests",
      paramLabel = "DIR",
      description =
          "Apply every .yaml/.yml file of DIR, in file-name order, instead of samples/demo.")
  Path manifests;

  @Option(
      names = "--bundles",
      paramLabel = "DIR",
      description =
          "Upload every file of DIR to the bucket fleetdeploy-demo under its file name (subdirectories "
              + "are packed as NAME.tgz and NAME.zip) instead of the packed samples/bundles.")
  Path bundles;

  @Option(
      names = "--samples",
      defaultValue = "samples",
      paramLabel = "DIR",
      description =
          "Where the samples are (default ${DEFAULT-VALUE}, relative to the working directory).")
  Path samples;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "Give up after this long and exit 1 (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--output",
      defaultValue = "text",
      paramLabel = "text|json",
      description =
          "json: when done, print one Kubernetes List of every Application, DeploymentGroup and "
              + "Deployment on stdout (default ${DEFAULT-VALUE}: nothing on stdout).")
  Output output;

  @Option(
      names = "--scale-out",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Scale demo-asg out by one instance once a rollout's first batch has succeeded (default true).")
  boolean scaleOut;

  @Option(
      names = "--keep-running",
      description =
          "After the summary, keep the API server, operator and fleet running for kubectl, until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--verbose", description = "Show the operator's log lines too.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    checkRanges();
    Path manifestDir = manifests != null ? manifests : samples.resolve(story.samplesDirectory());
    if (manifests == null && !Files.isDirectory(manifestDir)) {
      err.println(
          "fleetdeploy demo: no demo manifests at "
              + manifestDir.toAbsolutePath()
              + ": run it from the "
              + "repository root, or say where the samples are with --samples DIR, or give your own with --manifests DIR");
      err.flush();
      return 2;
    }
    List<ManifestFile> manifestFiles;
    List<Bundle> bundleList;
    try {
      manifestFiles = new ManifestReader().readDirectory(manifestDir);
      bundleList = readBundles();
    } catch (ManifestException | IOException e) {
      err.println("fleetdeploy demo: " + e.getMessage());
      err.flush();
      return 2;
    }
    DemoSettings settings =
        new DemoSettings(
            port,
            instances,
            asgInstances,
            scaleOut && story == DemoStory.basic,
            Duration.ofSeconds(timeoutSeconds),
            POLL,
            story);
    DemoConsole console = new DemoConsole(err, DemoConsole.isTerminal(), Clock.systemUTC());
    try (DemoReport report = new DemoReport(console, verbose)) {
      DemoEnvironment env;
      try {
        env = DemoEnvironment.start(settings, bundleList, console::line);
      } catch (RuntimeException e) {
        if (causedBy(e, BindException.class)) {
          err.println(
              "fleetdeploy demo: cannot listen on 127.0.0.1:"
                  + port
                  + " (in use?): choose another port with --port");
          err.flush();
          return 2;
        }
        throw e;
      }
      Thread closer = new Thread(env::close, "demo-shutdown");
      Runtime.getRuntime().addShutdownHook(closer);
      try {
        report.started(env, settings, manifestDir, manifestFiles, bundleList);
        if (ui) {
          try {
            report.dashboard(env.startDashboard(uiPort));
          } catch (RuntimeException e) {
            if (!causedBy(e, BindException.class)) {
              throw e;
            }
            err.println(
                "fleetdeploy demo: cannot serve the dashboard on 127.0.0.1:"
                    + uiPort
                    + " (in use?): choose another port with --ui-port, or --no-ui");
            err.flush();
            return 2;
          }
        }
        DemoResult result =
            new DemoRun(env, manifestFiles, settings, console, Clock.systemUTC(), Path.of(""))
                .run();
        report.finished(result, env.instances());
        if (output == Output.json) {
          PrintWriter out = spec.commandLine().getOut();
          out.println(report.json(result));
          out.flush();
        }
        if (keepRunning) {
          report.keepingRunning(env);
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            // Stopped from within this JVM; Ctrl-C goes through the shutdown hook instead.
            Thread.currentThread().interrupt();
          }
        }
        return result.exitCode();
      } finally {
        env.close();
        removeShutdownHook(closer);
      }
    }
  }

  private List<Bundle> readBundles() throws IOException {
    if (bundles != null) {
      return BundleDirectory.read(bundles);
    }
    Path samplesBundles = samples.resolve("bundles");
    return Files.isDirectory(samplesBundles) ? BundleDirectory.read(samplesBundles) : List.of();
  }

  private void checkRanges() {
    if (port < 0 || port > 65_535) {
      throw usage("--port must be within 0-65535, was " + port);
    }
    if (uiPort < 0 || uiPort > 65_535) {
      throw usage("--ui-port must be within 0-65535, was " + uiPort);
    }
    if (instances < 0 || instances > 100) {
      throw usage("--instances must be within 0-100, was " + instances);
    }
    if (asgInstances < 0 || asgInstances > 20) {
      throw usage("--asg-instances must be within 0-20, was " + asgInstances);
    }
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second, was " + timeoutSeconds);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs (and finds the environment closed).
    }
  }
}
