package io.fleetdeploy.hostplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrafficPartsTest {
  private static final List<String> ALL =
      LifecycleEvent.inOrder(true).stream().map(Enum::name).toList();

  private static AppSpec appSpec(String hooks) {
    return AppSpecParser.parse("appspec.yml", "version: 0.0\nos: linux\nhooks:\n" + hooks)
        .appSpec()
        .orElseThrow();
  }

  @Test
  void onlyTheEventsWithScriptsCostASendOfTheirOwn() {
    AppSpec none = appSpec("  ApplicationStart:\n    - location: start.sh\n");
    AppSpec afterAllow = appSpec("  AfterAllowTraffic:\n    - location: warm.sh\n");
    assertThat(TrafficParts.needed(none, false)).containsExactly(2);
    assertThat(TrafficParts.split(TrafficParts.needed(none, false))).isFalse();
    assertThat(TrafficParts.needed(none, true)).containsExactly(1, 2);
    assertThat(TrafficParts.needed(afterAllow, false)).containsExactly(2, 3);
    assertThat(TrafficParts.needed(afterAllow, true)).containsExactly(1, 2, 3);
  }

  @Test
  void thePartsTogetherHaveEveryEventOnceInCodeDeploysOrder() {
    for (List<Integer> parts :
        List.of(List.of(2), List.of(1, 2), List.of(2, 3), List.of(1, 2, 3))) {
      assertThat(parts.stream().flatMap(p -> TrafficParts.events(p, parts).stream()).toList())
          .as("%s", parts)
          .isEqualTo(ALL);
    }
    List<Integer> all = List.of(1, 2, 3);
    assertThat(TrafficParts.events(1, all)).containsExactly("BeforeBlockTraffic");
    assertThat(TrafficParts.events(2, all))
        .startsWith("BlockTraffic", "AfterBlockTraffic", "ApplicationStop")
        .endsWith("ValidateService", "BeforeAllowTraffic");
    assertThat(TrafficParts.events(3, all)).containsExactly("AllowTraffic", "AfterAllowTraffic");
    // A part not sent gives its events to part 2, where they have no script to run.
    assertThat(TrafficParts.events(2, List.of(2, 3))).startsWith("BeforeBlockTraffic");
    assertThat(TrafficParts.events(2, List.of(1, 2))).endsWith("AllowTraffic", "AfterAllowTraffic");
  }

  @Test
  void theLastPartIsMarkedLastAndEachKnowsTheNext() {
    List<Integer> parts = List.of(2, 3);
    assertThat(Stream.of(2, 3).map(p -> TrafficParts.planPart(p, parts)))
        .containsExactly(new PlanPart(2, false), new PlanPart(3, true));
    assertThat(TrafficParts.after(2, parts)).contains(3);
    assertThat(TrafficParts.after(3, parts)).isEmpty();
    assertThat(TrafficParts.after(1, List.of(1, 2, 3))).contains(2);
  }
}
