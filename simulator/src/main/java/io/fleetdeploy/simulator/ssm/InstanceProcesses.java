package io.fleetdeploy.simulator.ssm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the processes that belong to a simulated host by the environment every command there is
 * started with ({@code FD_SIM_INSTANCE_ID} and {@code FD_SIM_ROOT}), so a terminated or stopped
 * instance takes its background daemons down with it, and nothing else. Linux {@code /proc} only;
 * elsewhere it finds nothing.
 */
final class InstanceProcesses {
  private InstanceProcesses() {}

  /**
   * Kills every process started for this host (including children left running by earlier
   * commands).
   */
  static int killAll(String instanceId, Path root) {
    String idEntry = CommandRunner.INSTANCE_ID_VAR + "=" + instanceId;
    String rootEntry = CommandRunner.ROOT_VAR + "=" + root.toAbsolutePath();
    return killMatching(env -> env.contains(idEntry) && env.contains(rootEntry));
  }

  /** Kills every process started for any host under this data directory. */
  static int killAllUnder(Path dataDir) {
    String prefix = CommandRunner.ROOT_VAR + "=" + dataDir.toAbsolutePath() + "/";
    return killMatching(env -> env.stream().anyMatch(e -> e.startsWith(prefix)));
  }

  private static int killMatching(java.util.function.Predicate<List<String>> environmentMatches) {
    if (!Files.isDirectory(Path.of("/proc"))) {
      return 0;
    }
    long self = ProcessHandle.current().pid();
    int[] killed = {0};
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .forEach(
            p -> {
              List<String> env = environmentOf(p.pid());
              if (env != null && environmentMatches.test(env)) {
                p.destroyForcibly();
                killed[0]++;
              }
            });
    return killed[0];
  }

  private static List<String> environmentOf(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
