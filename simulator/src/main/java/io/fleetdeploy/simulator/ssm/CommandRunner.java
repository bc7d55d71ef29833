package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.Faults;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.SimClock;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs delivered invocations as real local processes, like the SSM agent: each plugin's script is
 * written to the instance's orchestration directory and run with {@code /bin/bash} (or its own
 * shebang) in the instance root, in a process group of its own, with stdout and stderr captured to
 * files. An execution timeout or a stop kills the whole group. A fixed pool bounds how many
 * processes run at once, so thousands of instances queue instead of forking at once.
 */
final class CommandRunner implements AutoCloseable {
  static final String INSTANCE_ID_VAR = "FD_SIM_INSTANCE_ID";
  static final String ROOT_VAR = "FD_SIM_ROOT";
  static final int STDOUT_LIMIT = 24_000;
  static final int STDERR_LIMIT = 8_000;

  /** The agent's exit code for a command it stopped (128 + SIGKILL). */
  static final int STOPPED_EXIT_CODE = 137;

  private static final long POLL_MILLIS = 20;

  /** How often a running command's output goes to CloudWatch Logs. */
  private static final long LIVE_SHIP_MILLIS = 250;

  private static final Path SETSID = firstExecutable("/usr/bin/setsid", "/bin/setsid");
  private static final Path SHELL = firstExecutable("/bin/bash", "/usr/bin/bash", "/bin/sh");

  private final CommandStore store;
  private final SimClock clock;
  private final Faults faults;
  private final Fleet fleet;
  private final String region;
  private final ExecutorService pool;
  private final ScheduledExecutorService disruptions;

  /** Directories searched before the inherited PATH by every command. */
  private final List<String> hostPath;

  private final CommandOutputSink outputSink;

  /** Modelled hosts (no processes), or null for real ones. */
  private final ModelledRuns modelled;

  private final ScheduledExecutorService modelledEnds;

  CommandRunner(
      CommandStore store,
      SimClock clock,
      Faults faults,
      Fleet fleet,
      String region,
      int maxConcurrent,
      List<Path> hostPath,
      CommandOutputSink outputSink,
      ModelledRuns modelled) {
    this.outputSink = outputSink;
    this.modelled = modelled;
    this.modelledEnds =
        modelled == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(daemonThreads("fd-sim-modelled-"));
    this.hostPath = hostPath.stream().map(p -> p.toAbsolutePath().toString()).toList();
    this.store = store;
    this.clock = clock;
    this.faults = faults;
    this.fleet = fleet;
    this.region = region;
    this.pool = Executors.newFixedThreadPool(maxConcurrent, daemonThreads("fd-sim-command-"));
    this.disruptions =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("fd-sim-disruption-"));
  }

  void submit(Invocation invocation) {
    if (modelled != null) {
      model(invocation);
      return;
    }
    pool.execute(() -> run(invocation));
  }

  /** When the modelled run of an invocation started and ended, if it ran on a modelled host. */
  java.util.Optional<io.fleetdeploy.simulator.HostModel.Timing> modelledTiming(
      String instanceId, String deploymentId) {
    return modelled == null
        ? java.util.Optional.empty()
        : modelled.timing(instanceId, deploymentId);
  }

  /**
   * A modelled host: the run is planned at once and its end scheduled; no process starts. A stop
   * that comes before the end stops it, as it would kill the real runner.
   */
  private void model(Invocation inv) {
    PluginRun plugin = inv.plugins.get(0);
    Instant start;
    synchronized (store) {
      start = clock.now();
      plugin.state = InvocationState.IN_PROGRESS;
      plugin.startTime = start;
      for (PluginRun p : inv.plugins.subList(1, inv.plugins.size())) {
        p.state = InvocationState.SUCCESS;
        p.startTime = start;
        p.endTime = start;
        p.responseCode = 0;
      }
    }
    java.util.Optional<ModelledRuns.Run> planned;
    try {
      planned = modelled.plan(inv.instanceId, inv.command.parameters, start.toEpochMilli());
    } catch (RuntimeException e) {
      planned = java.util.Optional.empty();
    }
    scheduleDisruption(inv.instanceId);
    ModelledRuns.Run run =
        planned.orElse(
            new ModelledRuns.Run(
                0,
                1,
                "",
                "modelled hosts run the fleetdeploy runner document only (a command with a 'plan'"
                    + " parameter holding a host plan)"));
    // The end lands in the store; nobody waits on the future.
    var unused =
        modelledEnds.schedule(
            () -> {
              synchronized (store) {
                if (inv.stopRequested != null) {
                  plugin.state = stoppedState(inv.stopRequested);
                  plugin.responseCode = -1;
                } else {
                  plugin.state =
                      run.exitCode() == 0 ? InvocationState.SUCCESS : InvocationState.FAILED;
                  plugin.responseCode = run.exitCode();
                  plugin.stdout = run.stdout();
                  plugin.stderr = run.stderr();
                }
                plugin.endTime = clock.now();
                inv.state = finalState(inv);
                inv.finishedAt = plugin.endTime;
              }
            },
            run.millis(),
            TimeUnit.MILLISECONDS);
  }

  private void run(Invocation inv) {
    try {
      for (PluginRun plugin : inv.plugins) {
        synchronized (store) {
          if (inv.stopRequested != null) {
            plugin.state = stoppedState(inv.stopRequested);
            continue;
          }
          plugin.state = InvocationState.IN_PROGRESS;
          plugin.startTime = clock.now();
        }
        Outcome outcome = execute(inv, plugin);
        synchronized (store) {
          plugin.state = outcome.state;
          plugin.responseCode = outcome.exitCode;
          plugin.stdout = outcome.stdout;
          plugin.stderr = outcome.stderr;
          plugin.endTime = clock.now();
        }
      }
    } catch (RuntimeException e) {
      synchronized (store) {
        for (PluginRun p : inv.plugins) {
          if (!p.state.isTerminal()) {
            p.state = InvocationState.FAILED;
            p.stderr = "simulator error while running the command: " + e;
            p.endTime = clock.now();
          }
        }
      }
    } finally {
      synchronized (store) {
        inv.state = finalState(inv);
        inv.finishedAt = clock.now();
      }
    }
  }

  private static InvocationState finalState(Invocation inv) {
    if (inv.stopRequested != null) {
      return stoppedState(inv.stopRequested);
    }
    boolean failed = inv.plugins.stream().anyMatch(p -> p.state == InvocationState.FAILED);
    boolean timedOut =
        inv.plugins.stream().anyMatch(p -> p.state == InvocationState.EXECUTION_TIMED_OUT);
    return failed
        ? InvocationState.FAILED
        : timedOut ? InvocationState.EXECUTION_TIMED_OUT : InvocationState.SUCCESS;
  }

  private static InvocationState stoppedState(Invocation.StopReason reason) {
    // A host that goes away mid-command takes the agent with it: SSM reports the invocation failed.
    return reason == Invocation.StopReason.CANCEL
        ? InvocationState.CANCELLED
        : InvocationState.FAILED;
  }

  private record Outcome(InvocationState state, int exitCode, String stdout, String stderr) {}

  private Outcome execute(Invocation inv, PluginRun plugin) {
    RenderedStep step = plugin.step;
    if (step.script() == null) {
      return new Outcome(
          InvocationState.FAILED,
          1,
          "",
          "The simulator runs aws:runShellScript only; step '"
              + step.name()
              + "' uses "
              + step.action()
              + ".");
    }
    Path root = inv.root;
    Path workingDirectory = workingDirectory(root, step.workingDirectory());
    if (workingDirectory == null || !Files.isDirectory(workingDirectory)) {
      return new Outcome(
          InvocationState.FAILED,
          1,
          "",
          "Working directory "
              + step.workingDirectory()
              + " does not exist on "
              + inv.instanceId
              + ".");
    }
    Process process = null;
    try {
      Path dir =
          root.resolve("var/lib/amazon/ssm")
              .resolve(inv.instanceId)
              .resolve("document/orchestration")
              .resolve(inv.command.id)
              .resolve(step.name().replaceAll("[^A-Za-z0-9_.-]", ""));
      Files.createDirectories(dir);
      Path script = dir.resolve("_script.sh");
      Files.writeString(script, step.script());
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path stdoutFile = dir.resolve("stdout");
      Path stderrFile = dir.resolve("stderr");

      List<String> command = new ArrayList<>();
      if (SETSID != null) {
        command.add(SETSID.toString());
      }
      if (step.script().startsWith("#!")) {
        // Run the interpreter on the file rather than exec the file itself: exec'ing a file that
        // was just written races with forks in other threads that inherited its write descriptor
        // ("Text file busy"), which a busy simulator with many hosts hits.
        String shebang = step.script().lines().findFirst().orElse("#!").substring(2).strip();
        command.addAll(List.of(shebang.split("\\s+")));
        command.add(script.toString());
      } else {
        command.add(SHELL.toString());
        command.add(script.toString());
      }
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectOutput(stdoutFile.toFile())
              .redirectError(stderrFile.toFile());
      File devNull = new File("/dev/null");
      if (devNull.exists()) {
        pb.redirectInput(devNull);
      }
      pb.environment().put(INSTANCE_ID_VAR, inv.instanceId);
      pb.environment().put(ROOT_VAR, root.toAbsolutePath().toString());
      pb.environment().put("AWS_SSM_INSTANCE_ID", inv.instanceId);
      pb.environment().put("AWS_SSM_REGION_NAME", region);
      if (!hostPath.isEmpty()) {
        String inherited = pb.environment().get("PATH");
        pb.environment()
            .put(
                "PATH",
                String.join(File.pathSeparator, hostPath)
                    + (inherited == null || inherited.isEmpty()
                        ? ""
                        : File.pathSeparator + inherited));
      }

      Instant deadline = plugin.startTime.plusSeconds(step.timeoutSeconds());
      process = pb.start();
      scheduleDisruption(inv.instanceId);
      OutputConfig output = OutputConfig.of(inv.command);
      List<LiveLog> live =
          output.toCloudWatch()
              ? List.of(
                  new LiveLog(output, inv, step, "stdout", stdoutFile),
                  new LiveLog(output, inv, step, "stderr", stderrFile))
              : List.of();
      long nextShip = System.currentTimeMillis() + LIVE_SHIP_MILLIS;
      boolean timedOut = false;
      Invocation.StopReason stopped = null;
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (System.currentTimeMillis() >= nextShip) {
          for (LiveLog log : live) {
            log.ship(false);
          }
          nextShip = System.currentTimeMillis() + LIVE_SHIP_MILLIS;
        }
        if (inv.stopRequested != null) {
          stopped = inv.stopRequested;
          killGroup(process);
          break;
        }
        if (!clock.now().isBefore(deadline)) {
          timedOut = true;
          killGroup(process);
          break;
        }
      }
      int exit = process.waitFor();
      for (LiveLog log : live) {
        log.ship(true);
      }
      if (output.toS3()) {
        for (String which : List.of("stdout", "stderr")) {
          Path file = which.equals("stdout") ? stdoutFile : stderrFile;
          byte[] data = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
          outputSink.putObject(
              output.bucket(),
              output.s3Key(inv.command.id, inv.instanceId, step.name(), which),
              data,
              clock.now());
        }
      }
      String stdout = head(stdoutFile, STDOUT_LIMIT);
      String stderr = head(stderrFile, STDERR_LIMIT);
      if (stopped != null) {
        return new Outcome(stoppedState(stopped), -1, stdout, stderr);
      }
      if (timedOut) {
        return new Outcome(InvocationState.EXECUTION_TIMED_OUT, STOPPED_EXIT_CODE, stdout, stderr);
      }
      if (inv.stopRequested != null) {
        // The process died because its host went away (the host's processes were killed).
        return new Outcome(stoppedState(inv.stopRequested), -1, stdout, stderr);
      }
      return new Outcome(
          exit == 0 ? InvocationState.SUCCESS : InvocationState.FAILED, exit, stdout, stderr);
    } catch (IOException e) {
      return new Outcome(
          InvocationState.FAILED, -1, "", "failed to run the command: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (process != null) {
        killGroup(process);
      }
      return new Outcome(
          InvocationState.FAILED, -1, "", "the simulator shut down while the command ran");
    }
  }

  /**
   * A plugin's stdout or stderr going to CloudWatch Logs while it runs, as the agent streams it:
   * whole lines, the unfinished last one only once the plugin ended.
   */
  private final class LiveLog {
    private final OutputConfig output;
    private final String stream;
    private final Path file;
    private long offset;
    private byte[] pending = new byte[0];

    LiveLog(OutputConfig output, Invocation inv, RenderedStep step, String which, Path file) {
      this.output = output;
      this.stream = OutputConfig.logStream(inv.command.id, inv.instanceId, step.name(), which);
      this.file = file;
    }

    void ship(boolean end) throws IOException {
      if (!Files.exists(file)) {
        return;
      }
      byte[] fresh;
      try (var channel = Files.newByteChannel(file)) {
        long size = channel.size();
        if (size <= offset) {
          fresh = new byte[0];
        } else {
          channel.position(offset);
          java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - offset));
          while (buffer.hasRemaining() && channel.read(buffer) > 0) {
            // read what is there now
          }
          fresh = java.util.Arrays.copyOf(buffer.array(), buffer.position());
          offset += fresh.length;
        }
      }
      byte[] all = new byte[pending.length + fresh.length];
      System.arraycopy(pending, 0, all, 0, pending.length);
      System.arraycopy(fresh, 0, all, pending.length, fresh.length);
      int lastNewline = -1;
      for (int i = all.length - 1; i >= 0; i--) {
        if (all[i] == '\n') {
          lastNewline = i;
          break;
        }
      }
      int cut = end ? all.length : lastNewline + 1;
      pending = java.util.Arrays.copyOfRange(all, cut, all.length);
      if (cut == 0) {
        return;
      }
      String text = new String(all, 0, cut, StandardCharsets.UTF_8);
      List<String> lines = List.of(text.split("\n", -1));
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines = lines.subList(0, lines.size() - 1);
      }
      if (!lines.isEmpty()) {
        outputSink.appendLog(output.logGroup(), stream, lines, clock.now());
      }
    }
  }

  private void scheduleDisruption(String instanceId) {
    // A disruption that throws shows in the fleet's state; nobody waits on the future.
    faults
        .takeDisruption(instanceId)
        .ifPresent(
            d -> {
              var unused =
                  disruptions.schedule(
                      () -> {
                        if (d.kind() == Faults.Disruption.TERMINATE) {
                          fleet.terminate(List.of(instanceId));
                        } else {
                          fleet.stop(List.of(instanceId));
                        }
                      },
                      d.after().toMillis(),
                      TimeUnit.MILLISECONDS);
            });
  }

  /**
   * {@code ""} is the instance root; absolute paths are taken as paths on the instance (under its
   * root).
   */
  static Path workingDirectory(Path root, String requested) {
    if (requested == null || requested.isBlank()) {
      return root;
    }
    String relative = requested.startsWith("/") ? requested.substring(1) : requested;
    Path resolved = root.resolve(relative).normalize();
    return resolved.startsWith(root) ? resolved : null;
  }

  /**
   * Kills the process group the script leads (with setsid) or, failing that, its known descendants.
   */
  static void killGroup(Process process) {
    long pid = process.pid();
    if (SETSID != null) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        kill.waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        // No kill(1): fall through to what the JDK can reach.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** The first {@code maxChars} characters of a file, as SSM truncates command output. */
  static String head(Path file, int maxChars) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (Reader reader =
        new InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
      char[] buf = new char[maxChars];
      int n = 0;
      int read;
      while (n < maxChars && (read = reader.read(buf, n, maxChars - n)) > 0) {
        n += read;
      }
      return new String(buf, 0, n);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (modelledEnds != null) {
      modelledEnds.shutdownNow();
    }
    disruptions.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path firstExecutable(String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
