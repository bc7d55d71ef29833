package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResult;
import io.fleetdeploy.hostplan.HostRunResultParser;
import io.fleetdeploy.hostplan.HostRunnerScript;
import io.fleetdeploy.hostplan.Revision;
import io.fleetdeploy.hostplan.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real host runner ({@code python3 fleetdeploy_runner.py}) on real bundles, with a
 * temporary directory as root prefix, and reads its result.
 */
final class RunnerHarness {
  static final String GROUP_ID = "dg-web";

  final Path root;
  final Path work;
  private final Path runner;

  RunnerHarness(Path temp) {
    try {
      root = Files.createDirectories(temp.resolve("host"));
      work = Files.createDirectories(temp.resolve("work"));
      runner =
          Files.write(work.resolve(HostRunnerScript.FILE_NAME), HostRunnerScript.get().bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one runner invocation printed and returned. */
  record Run(int exitCode, String stdout, String stderr, HostRunOutcome outcome, Duration took) {
    HostRunResult result() {
      assertThat(outcome)
          .as("stdout: %s%nstderr: %s", stdout, stderr)
          .isInstanceOf(HostRunOutcome.Reported.class);
      return ((HostRunOutcome.Reported) outcome).result();
    }

    EventResult event(String name) {
      return result().events().stream()
          .filter(e -> e.name().equals(name))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Options of one plan; the defaults are those of a plain deployment. */
  record PlanOptions(
      Optional<FileExistsBehavior> fileExistsBehavior,
      boolean ignoreStopFailures,
      Optional<S3Location> s3,
      Optional<String> location) {
    static PlanOptions defaults() {
      return new PlanOptions(Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    PlanOptions withFileExistsBehavior(FileExistsBehavior behavior) {
      return new PlanOptions(Optional.of(behavior), ignoreStopFailures, s3, location);
    }

    PlanOptions ignoringStopFailures() {
      return new PlanOptions(fileExistsBehavior, true, s3, location);
    }

    PlanOptions withS3(S3Location where) {
      return new PlanOptions(fileExistsBehavior, ignoreStopFailures, Optional.of(where), location);
    }

    PlanOptions withLocation(String where) {
      return new PlanOptions(fileExistsBehavior, ignoreStopFailures, s3, Optional.of(where));
    }
  }

  /** Packs {@code bundleDir}, checks its AppSpec and builds the plan for deploying it. */
  HostPlan plan(Path bundleDir, BundleType type, String deploymentId, PlanOptions options) {
    Path archive =
        io.fleetdeploy.appspec.TestBundles.pack(
            bundleDir, type, work.resolve(deploymentId + "." + type.wireName()));
    // Lenient: runner tests deploy bundles the operator would refuse, to see what hosts do with
    // them.
    AppSpecReport report = AppSpecCheck.check(bundleDir, true);
    AppSpec appSpec = report.appSpec().orElseThrow(() -> new AssertionError(report.summary()));
    return planFor(appSpec, archive, type, deploymentId, options);
  }

  HostPlan planFor(
      AppSpec appSpec, Path archive, BundleType type, String deploymentId, PlanOptions options) {
    Revision revision =
        new Revision(
            options.location().orElse(archive.toString()), type, sha256(archive), options.s3());
    DeploymentContext context =
        new DeploymentContext(
            deploymentId,
            "webshop",
            "web-prod",
            GROUP_ID,
            revision,
            options.fileExistsBehavior(),
            options.ignoreStopFailures(),
            false);
    return HostPlanBuilder.build(appSpec, context);
  }

  Run run(HostPlan plan, String... extraArgs) {
    return runWith(plan, java.util.Map.of(), List.of(), extraArgs);
  }

  /**
   * Runs the runner with more environment variables (e.g. the FLEETDEPLOY_TEST_KILL_AT hook) and a
   * command in front of python (e.g. one that lowers a resource limit first).
   */
  Run runWith(
      HostPlan plan,
      java.util.Map<String, String> environment,
      List<String> prefix,
      String... extraArgs) {
    try {
      Path planFile =
          Files.writeString(
              work.resolve("plan-" + plan.deploymentId() + ".json"), HostPlanCodec.toJson(plan));
      List<String> command = new ArrayList<>(prefix);
      command.addAll(
          List.of(
              "python3",
              runner.toString(),
              "--plan-file",
              planFile.toString(),
              "--root",
              root.toString()));
      command.addAll(List.of(extraArgs));
      return exec(command, environment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A runner started in the background. */
  record Started(Process process, Path stdout, Path stderr, Instant since) {
    /** Waits until the runner's error output contains {@code text} (a test hook's notice, say). */
    void awaitStderr(String text) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      try {
        while (!Files.readString(stderr).contains(text)) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            throw new AssertionError(
                "the runner never printed '" + text + "': " + Files.readString(stderr));
          }
          Thread.sleep(20);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    Run finish() {
      try {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("the runner did not finish in 90 s");
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        return new Run(
            process.exitValue(),
            out,
            Files.readString(stderr),
            HostRunResultParser.parse(out),
            Duration.between(since, Instant.now()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Starts the runner on the plan without waiting for it. */
  Started start(HostPlan plan, java.util.Map<String, String> environment, String... extraArgs) {
    try {
      Path planFile =
          Files.writeString(
              work.resolve("plan-" + plan.deploymentId() + ".json"), HostPlanCodec.toJson(plan));
      List<String> command =
          new ArrayList<>(
              List.of(
                  "python3",
                  runner.toString(),
                  "--plan-file",
                  planFile.toString(),
                  "--root",
                  root.toString()));
      command.addAll(List.of(extraArgs));
      Path out = Files.createTempFile(work, "stdout", ".txt");
      Path err = Files.createTempFile(work, "stderr", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new Started(process, out, err, Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Run exec(List<String> command) {
    return exec(command, java.util.Map.of());
  }

  Run exec(List<String> command, java.util.Map<String, String> environment) {
    try {
      Path out = Files.createTempFile(work, "stdout", ".txt");
      Path err = Files.createTempFile(work, "stderr", ".txt");
      long start = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the runner did not finish in 90 s: " + Files.readString(out));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      return new Run(
          process.exitValue(),
          stdout,
          Files.readString(err),
          HostRunResultParser.parse(stdout),
          took);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The same plan as another deployment. */
  static HostPlan withDeploymentId(HostPlan plan, String deploymentId) {
    java.util.Map<String, String> environment = new java.util.HashMap<>(plan.environment());
    environment.put("DEPLOYMENT_ID", deploymentId);
    return new HostPlan(
        deploymentId,
        plan.applicationName(),
        plan.deploymentGroupName(),
        plan.deploymentGroupId(),
        plan.revision(),
        plan.events(),
        plan.hooks(),
        plan.install(),
        plan.ignoreApplicationStopFailures(),
        java.util.Map.copyOf(environment));
  }

  /** The same plan for another deployment group (its own state on the host). */
  static HostPlan withGroup(HostPlan plan, String groupId) {
    java.util.Map<String, String> environment = new java.util.HashMap<>(plan.environment());
    environment.put("DEPLOYMENT_GROUP_ID", groupId);
    return new HostPlan(
        plan.deploymentId(),
        plan.applicationName(),
        plan.deploymentGroupName(),
        groupId,
        plan.revision(),
        plan.events(),
        plan.hooks(),
        plan.install(),
        plan.ignoreApplicationStopFailures(),
        java.util.Map.copyOf(environment));
  }

  /** An absolute host path under the root prefix. */
  Path host(String absolute) {
    return root.resolve(absolute.substring(1));
  }

  Path groupState() {
    return host("/var/lib/fleetdeploy/groups/" + GROUP_ID);
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Live (non-zombie) processes whose environment carries this deployment id. */
  static List<Long> processesOf(String deploymentId) {
    List<Long> found = new ArrayList<>();
    byte[] marker = ("DEPLOYMENT_ID=" + deploymentId + "\0").getBytes(StandardCharsets.UTF_8);
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              try {
                Path proc = Path.of("/proc", Long.toString(p.pid()));
                String stat = Files.readString(proc.resolve("stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                  return;
                }
                byte[] environ = Files.readAllBytes(proc.resolve("environ"));
                if (indexOf(environ, marker) >= 0) {
                  found.add(p.pid());
                }
              } catch (IOException | RuntimeException e) {
                // gone meanwhile, or not ours to read
              }
            });
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (i > 0 && haystack[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
