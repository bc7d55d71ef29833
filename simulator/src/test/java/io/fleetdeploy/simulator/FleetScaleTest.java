package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;

/**
 * One command to every instance of a large fleet, in SendCommand batches of 50, really runs
 * everywhere through the bounded process pool. 1,000 instances by default; run with {@code
 * -Dsimulator.scaleInstances=5000} for the full size (slow on a loaded 2-core machine).
 */
class FleetScaleTest {

  @Test
  void everyInstanceOfALargeFleetRunsTheCommand() throws Exception {
    int size = Integer.getInteger("simulator.scaleInstances", 1_000);
    try (AwsSimulator sim = AwsSimulator.builder().build().start();
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      List<String> ids = sim.addInstances(size, Map.of("app", "web"));
      long started = System.nanoTime();
      List<String> commands = new ArrayList<>();
      for (int i = 0; i < ids.size(); i += 50) {
        List<String> batch = ids.subList(i, Math.min(ids.size(), i + 50));
        commands.add(
            ssm.sendCommand(
                    b ->
                        b.documentName("AWS-RunShellScript")
                            .instanceIds(batch)
                            .comment("scale")
                            .parameters(Map.of("commands", List.of("echo ok > done"))))
                .command()
                .commandId());
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  ssm
                          .listCommandsPaginator(
                              b ->
                                  b.filters(
                                      CommandFilter.builder()
                                          .key(CommandFilterKey.STATUS)
                                          .value("Success")
                                          .build()))
                          .commands()
                          .stream()
                          .count()
                      == commands.size());
      System.out.printf(
          "%,d instances ran one command each in %,d ms%n",
          size, Duration.ofNanos(System.nanoTime() - started).toMillis());
      for (String id : List.of(ids.get(0), ids.get(size / 2), ids.get(size - 1))) {
        assertThat(Files.readString(sim.instanceRoot(id).resolve("done"))).isEqualTo("ok\n");
      }
      assertThat(sim.calls().count("ssm", "SendCommand")).isEqualTo((size + 49) / 50);
    }
  }
}
