package io.fleetdeploy.simulator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/** Sending shell commands and waiting for their outcome, as an SSM client would. */
final class SsmTestSupport {
  private static final Set<String> UNFINISHED =
      Set.of("Pending", "InProgress", "Delayed", "Cancelling");

  private SsmTestSupport() {}

  static String runShell(SsmClient ssm, List<String> instanceIds, String... commands) {
    return ssm.sendCommand(
            b ->
                b.documentName("AWS-RunShellScript")
                    .instanceIds(instanceIds)
                    .parameters(Map.of("commands", List.of(commands))))
        .command()
        .commandId();
  }

  /** Waits until the whole command (every invocation) has finished; returns its final status. */
  static String awaitCommand(SsmClient ssm, String commandId) {
    String[] status = new String[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              status[0] =
                  ssm.listCommands(b -> b.commandId(commandId)).commands().get(0).statusAsString();
              return !UNFINISHED.contains(status[0]);
            });
    return status[0];
  }

  static GetCommandInvocationResponse awaitInvocation(
      SsmClient ssm, String commandId, String instanceId) {
    return awaitInvocation(ssm, commandId, instanceId, Duration.ofSeconds(20));
  }

  static GetCommandInvocationResponse awaitInvocation(
      SsmClient ssm, String commandId, String instanceId, Duration atMost) {
    GetCommandInvocationResponse[] last = new GetCommandInvocationResponse[1];
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] =
                  ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId));
              return !UNFINISHED.contains(last[0].statusAsString());
            });
    return last[0];
  }
}
