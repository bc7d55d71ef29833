package io.fleetdeploy.hostplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SSM's execution timeout covers every legitimate wait of a healthy host, and nothing twice. */
class ExecutionBudgetTest {
  private static final AppSpec REVISION =
      AppSpecParser.parse(
              "appspec.yml",
              """
      version: 0.0
      os: linux
      hooks:
        ApplicationStop:
          - location: stop.sh
            timeout: 100
        BeforeInstall:
          - location: before.sh
            timeout: 60
        AfterInstall:
          - location: after.sh
            timeout: 240
        ValidateService:
          - location: check.sh
            timeout: 30
          - location: check2.sh
            timeout: 30
      """)
          .appSpec()
          .orElseThrow();
  private static final long TWO_GIB = 2L << 30;

  /** Lock waits (2 x 600 s), the download floor (300 s) and the slack (600 s). */
  private static final long FIXED = 1200 + 300 + 600;

  @Test
  void coversThisRevisionsScriptsThePreviousRevisionsStopScriptsTheDownloadAndTheLocks() {
    Duration budget =
        ExecutionBudget.of(
            REVISION, LifecycleEvent.inOrder(false), Optional.of(Duration.ofSeconds(900)), TWO_GIB);

    // 360 s of this revision's scripts (its own ApplicationStop runs only in the next deployment),
    // 900 s of the previous revision's stop scripts, 2048 s for 2 GiB at 1 MiB/s.
    assertThat(budget).isEqualTo(Duration.ofSeconds(360 + 900 + 2048 + FIXED));
  }

  @Test
  void unknownStopScriptsGetCodeDeploysLongestEventEach() {
    assertThat(ExecutionBudget.of(REVISION, LifecycleEvent.inOrder(false), Optional.empty(), 0))
        .isEqualTo(Duration.ofSeconds(360 + 3600 + FIXED));
    assertThat(ExecutionBudget.of(REVISION, LifecycleEvent.inOrder(true), Optional.empty(), 0))
        .as("with traffic control, three events run the previous revision's scripts")
        .isEqualTo(Duration.ofSeconds(360 + 3 * 3600 + FIXED));
  }

  @Test
  void whatARevisionsStopScriptsTakeIsWhatItCostsTheNextDeployment() {
    assertThat(ExecutionBudget.previousRevisionEvents(REVISION)).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void isCappedAtTwoDays() {
    assertThat(
            ExecutionBudget.of(
                REVISION, LifecycleEvent.inOrder(false), Optional.of(Duration.ofDays(5)), 0))
        .isEqualTo(Duration.ofHours(48));
  }
}
