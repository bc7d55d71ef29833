package io.fleetdeploy.hostplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HostRunResultParserTest {
  static final String LINE =
      "FLEETDEPLOY-RESULT {\"deploymentId\":\"d-1\",\"status\":\"Failed\",\"downloaded\":true,"
          + "\"replay\":false,\"events\":[{\"name\":\"ApplicationStop\",\"status\":\"Skipped\",\"message\":\"first\"},"
          + "{\"name\":\"ApplicationStart\",\"status\":\"Failed\",\"start\":1700000000000,\"end\":\"2023-11-14T22:13:21Z\","
          + "\"errorCode\":\"ScriptFailed\",\"scriptName\":\"s.sh\",\"message\":\"exit 3\",\"logTail\":\"[stdout]x\\n\"}]}";

  @Test
  void readsTheLastResultLineAmongProgressLines() {
    String stdout = "fleetdeploy: ApplicationStop Skipped\nsome noise\n" + LINE + "\n";

    HostRunOutcome outcome = HostRunResultParser.parse(stdout);

    assertThat(outcome).isInstanceOf(HostRunOutcome.Reported.class);
    HostRunResult result = ((HostRunOutcome.Reported) outcome).result();
    assertThat(result.deploymentId()).isEqualTo("d-1");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.downloaded()).isTrue();
    EventResult failed = result.failedEvent().orElseThrow();
    assertThat(failed.name()).isEqualTo("ApplicationStart");
    assertThat(failed.start()).contains(Instant.ofEpochMilli(1700000000000L));
    assertThat(failed.end()).contains(Instant.parse("2023-11-14T22:13:21Z"));
    assertThat(failed.errorCode()).contains("ScriptFailed");
    assertThat(failed.logTail()).contains("[stdout]x\n");
  }

  @Test
  void missingLineSaysSoAndQuotesTheEndOfTheOutput() {
    HostRunOutcome outcome =
        HostRunResultParser.parse("fleetdeploy: ApplicationStop Skipped\nKilled\n");

    assertThat(outcome)
        .isEqualTo(
            new HostRunOutcome.NoResultLine(
                "no FLEETDEPLOY-RESULT line in the runner's output; the output ends with: "
                    + "fleetdeploy: ApplicationStop Skipped\nKilled"));
    assertThat(HostRunResultParser.parse(""))
        .isEqualTo(
            new HostRunOutcome.NoResultLine(
                "no FLEETDEPLOY-RESULT line in the runner's output (the output is empty)"));
  }

  @Test
  void cutOrGarbledLineIsNoResult() {
    HostRunOutcome cut = HostRunResultParser.parse(LINE.substring(0, 120));
    HostRunOutcome wrongStatus =
        HostRunResultParser.parse("FLEETDEPLOY-RESULT {\"status\":\"Maybe\"}");
    HostRunOutcome badTime =
        HostRunResultParser.parse(
            "FLEETDEPLOY-RESULT {\"status\":\"Failed\",\"events\":[{\"name\":\"x\",\"status\":\"Failed\",\"start\":\"soon\"}]}");

    assertThat(cut).isInstanceOf(HostRunOutcome.NoResultLine.class);
    assertThat(((HostRunOutcome.NoResultLine) cut).reason())
        .contains("not complete JSON (was the output cut off?)");
    assertThat(((HostRunOutcome.NoResultLine) wrongStatus).reason())
        .contains("unknown status 'Maybe'");
    assertThat(badTime).isInstanceOf(HostRunOutcome.NoResultLine.class);
  }
}
