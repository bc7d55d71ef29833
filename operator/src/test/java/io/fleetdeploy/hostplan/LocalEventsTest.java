package io.fleetdeploy.hostplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event order and AppSpec checks of fleetdeploy local, as codedeploy-local's. */
class LocalEventsTest {

  private static AppSpec hooks(String... names) {
    StringBuilder yaml = new StringBuilder("version: 0.0\nos: linux\nhooks:\n");
    for (String name : names) {
      yaml.append("  ").append(name).append(":\n    - location: s.sh\n");
    }
    return AppSpecParser.parse("appspec.yml", yaml.toString()).appSpec().orElseThrow();
  }

  @Test
  void withoutEventsRunsTheElevenDefaultEventsIncludingTrafficHooks() {
    assertThat(LocalEvents.order(null))
        .isEqualTo(LocalEvents.order(List.of()))
        .containsExactly(
            "BeforeBlockTraffic",
            "AfterBlockTraffic",
            "ApplicationStop",
            "DownloadBundle",
            "BeforeInstall",
            "Install",
            "AfterInstall",
            "ApplicationStart",
            "ValidateService",
            "BeforeAllowTraffic",
            "AfterAllowTraffic");
  }

  @Test
  void givenEventsKeepTheirOrderAfterDownloadBundleAndInstallUnlessNamed() {
    assertThat(LocalEvents.order(List.of("ValidateService", "Custom")))
        .containsExactly("DownloadBundle", "Install", "ValidateService", "Custom");
    assertThat(
            LocalEvents.order(
                List.of("ApplicationStop", "DownloadBundle", "BeforeInstall", "Install")))
        .containsExactly("ApplicationStop", "DownloadBundle", "BeforeInstall", "Install");
    assertThat(LocalEvents.order(List.of("Install", "AfterInstall")))
        .containsExactly("DownloadBundle", "Install", "AfterInstall");
  }

  @Test
  void refusesWhatCodedeployLocalRefuses() {
    assertThatThrownBy(() -> LocalEvents.order(List.of("Install", "DownloadBundle")))
        .hasMessageContaining("--events puts Install before DownloadBundle");
    assertThatThrownBy(() -> LocalEvents.order(List.of("ValidateService", "Install")))
        .hasMessageContaining("--events puts ValidateService before Install");
    assertThatThrownBy(() -> LocalEvents.order(List.of("AllowTraffic")))
        .hasMessageContaining("AllowTraffic is switched by the load balancer integration");
    assertThat(LocalEvents.order(List.of("BeforeInstall", "Install")))
        .endsWith("BeforeInstall", "Install");
  }

  @Test
  void appSpecHooksMustBeEventsOfTheRunAndCustomEventsMustBeInTheAppSpec() {
    AppSpec spec = hooks("ApplicationStart", "CustomEvent");

    assertThat(LocalEvents.mismatch(spec, LocalEvents.order(null), "appspec.yml"))
        .get()
        .asString()
        .startsWith(
            "appspec.yml lists scripts under CustomEvent, which is not an event of this run");
    assertThat(LocalEvents.mismatch(spec, LocalEvents.order(List.of("CustomEvent")), "appspec.yml"))
        .isEmpty();
    assertThat(
            LocalEvents.mismatch(spec, LocalEvents.order(List.of("CustomEvent", "Other")), "x.yml"))
        .get()
        .asString()
        .startsWith(
            "--events names Other, which is not a lifecycle event and not listed under hooks in x.yml");
    assertThat(
            LocalEvents.mismatch(
                hooks("Install", "BlockTraffic"), LocalEvents.order(null), "appspec.yml"))
        .get()
        .asString()
        .contains("lists scripts under BlockTraffic");
  }
}
