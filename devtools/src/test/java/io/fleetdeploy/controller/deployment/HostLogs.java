package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.simulator.AwsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the fleet-app bundle's hooks wrote on a simulated host: one line per hook run. */
final class HostLogs {
  private HostLogs() {}

  static List<String> lines(AwsSimulator simulator, String instanceId) {
    Path log = simulator.instanceRoot(instanceId).resolve("var/log/fleet-app/events.log");
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines written for one deployment (hosts see {@code d-<uid>} as DEPLOYMENT_ID). */
  static List<String> linesOf(AwsSimulator simulator, String instanceId, String deploymentUid) {
    return lines(simulator, instanceId).stream()
        .filter(l -> l.startsWith("d-" + deploymentUid + " "))
        .toList();
  }

  static void write(AwsSimulator simulator, String instanceId, String relative, String content) {
    Path file = simulator.instanceRoot(instanceId).resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
