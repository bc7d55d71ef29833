package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The standalone command line: flags, errors, and a real process serving the printed endpoint. */
class SimulatorMainTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SimulatorMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void unknownFlagGetsOneLineAndUsageAndExitCodeTwo() {
    Run run = execute("--bogus");
    assertThat(run.exitCode()).isEqualTo(2);
    String[] lines = run.err().split("\n");
    assertThat(lines[0]).isEqualTo("fleetdeploy-simulator: Unknown option: '--bogus'");
    assertThat(lines[1]).startsWith("Usage: fleetdeploy-simulator");
    assertThat(run.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void badValuesAreNamed() {
    assertThat(execute("--throttle-percent", "150").err())
        .startsWith(
            "fleetdeploy-simulator: --throttle-percent must be within 0-100, was 150\nUsage:");
    assertThat(execute("--asg", "web").err())
        .startsWith(
            "fleetdeploy-simulator: --asg 'web' must be NAME:DESIRED[:KEY=VALUE[,KEY=VALUE...]]");
    assertThat(execute("--asg", "web:x").err()).contains("DESIRED is not a number");
    assertThat(execute("--instances", "many").err())
        .startsWith(
            "fleetdeploy-simulator: Invalid value for option"
                + " '--instances': 'many' is not an int");
    assertThat(execute("--region", "mars").exitCode()).isEqualTo(2);
    assertThat(execute("--tag", "novalue").exitCode()).isEqualTo(2);
  }

  @Test
  void helpListsEveryFlag() {
    Run run = execute("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "--port",
            "--instances",
            "--tag",
            "--asg",
            "--managed-instances",
            "--throttle-percent",
            "--latency-ms",
            "--data-dir",
            "--region",
            "--help");
  }

  @Test
  void runsAsAProcessAndServesTheFleetItPrints(@TempDir Path dataDir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SimulatorMain.class.getName(),
                "--port",
                "0",
                "--instances",
                "3",
                "--tag",
                "app=web",
                "--asg",
                "api:2:tier=api",
                "--managed-instances",
                "1",
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String banner = out.readLine();
      assertThat(banner).startsWith("fleetdeploy simulator listening on http://127.0.0.1:");
      URI endpoint = URI.create(banner.split(" ")[4]);
      List<String> hostLines = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        hostLines.add(out.readLine());
      }
      assertThat(hostLines)
          .filteredOn(l -> l.startsWith("instance ") && l.contains("{app=web}"))
          .hasSize(3);
      assertThat(hostLines).filteredOn(l -> l.contains("asg=api")).hasSize(2);
      assertThat(hostLines).filteredOn(l -> l.startsWith("managed-instance mi-")).hasSize(1);
      assertThat(hostLines).allSatisfy(l -> assertThat(l).contains("root=" + dataDir));

      try (Ec2Client ec2 =
              Ec2Client.builder()
                  .endpointOverride(endpoint)
                  .region(Region.EU_WEST_1)
                  .credentialsProvider(AnonymousCredentialsProvider.create())
                  .httpClient(UrlConnectionHttpClient.builder().build())
                  .build();
          AutoScalingClient asg =
              AutoScalingClient.builder()
                  .endpointOverride(endpoint)
                  .region(Region.EU_WEST_1)
                  .credentialsProvider(AnonymousCredentialsProvider.create())
                  .httpClient(UrlConnectionHttpClient.builder().build())
                  .build()) {
        assertThat(
                ec2.describeInstances(
                        b -> b.filters(Filter.builder().name("tag:app").values("web").build()))
                    .reservations())
            .hasSize(3);
        assertThat(asg.describeAutoScalingGroups().autoScalingGroups().get(0).desiredCapacity())
            .isEqualTo(2);
      }
    } finally {
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
