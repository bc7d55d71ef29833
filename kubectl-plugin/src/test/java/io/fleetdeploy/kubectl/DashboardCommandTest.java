package io.fleetdeploy.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code kubectl fd dashboard} forwards to the port the chart's dashboard Service names. */
class DashboardCommandTest {
  @Test
  void looksForThePortNameTheChartGivesTheDashboardService() throws IOException {
    String service = Files.readString(Path.of("../helm/fleetdeploy/templates/service-ui.yaml"));
    assertThat(service).contains("- name: " + DashboardCommand.UI_PORT_NAME + "\n");
  }
}
