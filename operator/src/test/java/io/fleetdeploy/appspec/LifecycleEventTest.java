package io.fleetdeploy.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LifecycleEventTest {

  @Test
  void inPlaceOrderWithAndWithoutTrafficControl() {
    assertThat(LifecycleEvent.inOrder(false))
        .extracting(Enum::name)
        .containsExactly(
            "ApplicationStop",
            "DownloadBundle",
            "BeforeInstall",
            "Install",
            "AfterInstall",
            "ApplicationStart",
            "ValidateService");
    assertThat(LifecycleEvent.inOrder(true))
        .extracting(Enum::name)
        .containsExactly(
            "BeforeBlockTraffic",
            "BlockTraffic",
            "AfterBlockTraffic",
            "ApplicationStop",
            "DownloadBundle",
            "BeforeInstall",
            "Install",
            "AfterInstall",
            "ApplicationStart",
            "ValidateService",
            "BeforeAllowTraffic",
            "AllowTraffic",
            "AfterAllowTraffic");
  }

  @Test
  void systemStepsAndPreviousRevisionEvents() {
    assertThat(Arrays.stream(LifecycleEvent.values()).filter(LifecycleEvent::isSystemPerformed))
        .extracting(Enum::name)
        .containsExactly("BlockTraffic", "DownloadBundle", "Install", "AllowTraffic");
    assertThat(
            Arrays.stream(LifecycleEvent.values())
                .filter(LifecycleEvent::runsPreviousRevisionScripts))
        .extracting(Enum::name)
        .containsExactly("BeforeBlockTraffic", "AfterBlockTraffic", "ApplicationStop");
    assertThat(Arrays.stream(LifecycleEvent.values()).filter(LifecycleEvent::takesScripts))
        .hasSize(9);
    assertThat(Arrays.stream(LifecycleEvent.values()).filter(LifecycleEvent::isTrafficControl))
        .hasSize(6);
  }

  @Test
  void namesAreCaseSensitiveAsForTheAgent() {
    assertThat(LifecycleEvent.byName("AfterInstall")).contains(LifecycleEvent.AfterInstall);
    assertThat(LifecycleEvent.byName("afterinstall")).isEmpty();
  }
}
