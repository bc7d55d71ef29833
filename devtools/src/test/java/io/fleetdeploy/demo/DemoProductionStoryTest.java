package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code fleetdeploy demo --story production} end to end on the simulator: each batch leaves the
 * target group and drains before its hosts run and comes back healthy; the alarm set mid-way
 * through the release stops it with ALARM_ACTIVE before its second batch, and the automatic
 * rollback (which ignores the alarm) succeeds. The demo exits 0: that is the story.
 */
class DemoProductionStoryTest {

  @Test
  void theProductionStoryDrainsEachBatchAndRollsBackOnTheAlarm() throws Exception {
    DemoInvocation run =
        DemoInvocation.demo(
            "--story",
            "production",
            "--instances",
            "4",
            "--asg-instances",
            "0",
            "--output",
            "json",
            "--timeout",
            "150");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "batch 1: BlockTraffic: 2 instance(s) deregistered from target group demo-web, draining",
            "batch 1: drained; the hosts run their lifecycle events",
            "batch 1: AllowTraffic: registered again, waiting until healthy",
            "CloudWatch alarm demo-web-5xx goes to ALARM",
            "ALARM_ACTIVE: stopped: CloudWatch alarm demo-web-5xx is in ALARM",
            "stopped by its alarm and rolled back, as the story goes");

    List<JsonNode> items =
        StreamSupport.stream(
                new ObjectMapper().readTree(run.out()).path("items").spliterator(), false)
            .toList();
    List<JsonNode> deployments =
        items.stream().filter(i -> i.path("kind").asText().equals("Deployment")).toList();
    assertThat(deployments)
        .extracting(
            d -> d.path("status").path("creator").asText(),
            d -> d.path("status").path("phase").asText(),
            d -> d.path("status").path("errorInformation").path("code").asText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("deploymentGroup", "Succeeded", ""),
            org.assertj.core.groups.Tuple.tuple("deploymentGroup", "Stopped", "ALARM_ACTIVE"),
            org.assertj.core.groups.Tuple.tuple("rollback", "Succeeded", ""));
    JsonNode release = deployments.get(1);
    // Stopped before its second batch: that batch was never sent, and went back into service.
    assertThat(release.path("status").path("overview").path("skipped").asInt()).isEqualTo(2);
    assertThat(release.path("status").path("batches"))
        .allSatisfy(b -> assertThat(b.path("traffic").asText()).isEqualTo("Allowed"));
    assertThat(deployments.get(2).path("spec").path("ignoreAlarms").asBoolean()).isTrue();
  }
}
