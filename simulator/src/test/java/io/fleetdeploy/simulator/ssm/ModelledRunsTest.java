package io.fleetdeploy.simulator.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.simulator.HostModel;
import io.fleetdeploy.simulator.codec.JsonReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The modelled runner reads each distinct plan once and shares it between the instances of a
 * command: what each instance reports must still follow its own plan, its own history and its own
 * replays.
 */
class ModelledRunsTest {
  private static String plan(String deploymentId, String hookedEvent) {
    String json =
        """
        {"deploymentId": "%s", "deploymentGroupId": "g-1",
         "events": ["ApplicationStop", "Install", "AfterInstall", "ApplicationStart"],
         "hooks": {"ApplicationStop": [{"location": "stop.sh"}],
                   "%s": [{"location": "hook.sh"}]}}
        """
            .formatted(deploymentId, hookedEvent);
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> parameters(String plan) {
    return Map.of("plan", List.of(plan));
  }

  private static Map<String, Object> result(ModelledRuns.Run run) {
    assertThat(run.stdout()).startsWith(ModelledRuns.PREFIX);
    return JsonReader.parseObject(run.stdout().substring(ModelledRuns.PREFIX.length()).strip());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Map<String, Object> result) {
    return (List<Map<String, Object>>) result.get("events");
  }

  @Test
  void instancesOfOneCommandShareThePlanButEachHasItsOwnHistory() {
    ModelledRuns runs = new ModelledRuns(new HostModel(Duration.ofMillis(100), 0, 0), 1);
    String first = plan("d-1", "AfterInstall");
    // i-1 deployed once before: the revision it runs now has an ApplicationStop script there.
    assertThat(runs.plan("i-1", parameters(first), 0)).isPresent();

    String second = plan("d-2", "AfterInstall");
    Map<String, List<String>> command = parameters(second);
    ModelledRuns.Run onOld = runs.plan("i-1", command, 1_000).orElseThrow();
    ModelledRuns.Run onNew = runs.plan("i-2", command, 1_000).orElseThrow();
    // The same plan text in another String (another command) reads the same.
    ModelledRuns.Run onOther =
        runs.plan("i-3", parameters(new String(second.toCharArray())), 1_000).orElseThrow();

    assertThat(onOld.millis()).isEqualTo(200);
    assertThat(onNew.millis()).isEqualTo(100);
    assertThat(onOther.millis()).isEqualTo(100);
    assertThat(result(onOld)).containsEntry("deploymentId", "d-2").containsEntry("replay", false);
    assertThat(result(onNew)).containsEntry("deploymentId", "d-2");
    assertThat(events(result(onNew)))
        .extracting(e -> e.get("name"))
        .containsExactly("ApplicationStop", "Install", "AfterInstall", "ApplicationStart");
  }

  @Test
  void twoPlansToTheSameInstanceEachRunTheirOwnEventsAndReplayTheirOwnResult() {
    ModelledRuns runs = new ModelledRuns(new HostModel(Duration.ofMillis(100), 0, 0), 1);
    String install = plan("d-1", "AfterInstall");
    String start = plan("d-2", "ApplicationStart");

    Map<String, Object> one = result(runs.plan("i-1", parameters(install), 0).orElseThrow());
    Map<String, Object> two = result(runs.plan("i-1", parameters(start), 500).orElseThrow());
    Map<String, Object> replayOne =
        result(runs.plan("i-1", parameters(install), 900).orElseThrow());
    ModelledRuns.Run replayTwo = runs.plan("i-1", parameters(start), 900).orElseThrow();

    assertThat(one).containsEntry("deploymentId", "d-1");
    assertThat(events(one))
        .filteredOn(e -> "AfterInstall".equals(e.get("name")))
        .singleElement()
        .satisfies(e -> assertThat((Long) e.get("end") - (Long) e.get("start")).isEqualTo(100));
    assertThat(two).containsEntry("deploymentId", "d-2");
    // d-2 hooks ApplicationStart, not AfterInstall; and runs d-1's ApplicationStop first.
    assertThat(events(two))
        .filteredOn(e -> (Long) e.get("end") > (Long) e.get("start"))
        .extracting(e -> e.get("name"))
        .containsExactly("ApplicationStop", "ApplicationStart");
    assertThat(replayOne)
        .containsEntry("replay", true)
        .containsEntry("deploymentId", "d-1")
        .containsEntry("events", one.get("events"));
    assertThat(replayTwo.millis()).isZero();
    assertThat(result(replayTwo)).containsEntry("replay", true).containsEntry("runnerStart", 500L);
  }

  @Test
  void aPlanThatDoesNotParseFailsEveryTimeAndAValidOneStillRuns() {
    ModelledRuns runs = new ModelledRuns(new HostModel(Duration.ofMillis(100), 0, 0), 1);
    String broken =
        Base64.getEncoder().encodeToString("{\"deploymentId\":".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> runs.plan("i-1", parameters(broken), 0))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> runs.plan("i-2", parameters(broken), 0))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> runs.plan("i-3", parameters("not base64 at all!"), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(runs.plan("i-1", parameters(plan("d-1", "AfterInstall")), 0)).isPresent();
    assertThat(runs.plan("i-1", Map.of("other", List.of("x")), 0)).isEmpty();
  }

  @Test
  void manyDistinctPlansInTurnAllReadTheirOwn() {
    ModelledRuns runs = new ModelledRuns(new HostModel(Duration.ofMillis(100), 0, 0), 1);
    // More plans than stay parsed at once: older ones are parsed again when they come back.
    for (int round = 0; round < 2; round++) {
      for (int d = 0; d < 100; d++) {
        Map<String, Object> r =
            result(
                runs.plan("i-" + round, parameters(plan("d-" + d, "AfterInstall")), d)
                    .orElseThrow());
        assertThat(r)
            .containsEntry("deploymentId", "d-" + d)
            .containsEntry("runnerStart", (long) d);
      }
    }
  }
}
