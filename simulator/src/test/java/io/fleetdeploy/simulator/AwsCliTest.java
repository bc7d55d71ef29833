package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetdeploy.simulator.codec.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI, unmodified, against the simulator: only {@code --endpoint-url} differs. Skipped when
 * {@code aws} or {@code curl} is not on the PATH.
 */
class AwsCliTest {
  private static AwsSimulator sim;
  private static List<String> web;

  @BeforeAll
  static void start() {
    assumeTrue(onPath("aws"), "the AWS CLI (aws) is not on the PATH");
    assumeTrue(onPath("curl"), "curl is not on the PATH");
    sim = AwsSimulator.builder().build().start();
    web = sim.addInstances(2, Map.of("app", "web"));
    sim.addInstances(1, Map.of("app", "db"));
    sim.createAutoScalingGroup("cli-asg", 0, 3, 1, Map.of("app", "api"));
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void describeInstancesWithATagFilter() throws Exception {
    Map<String, Object> out =
        awsJson("ec2", "describe-instances", "--filters", "Name=tag:app,Values=web");
    List<?> reservations = (List<?>) out.get("Reservations");
    List<String> ids = new ArrayList<>();
    for (Object r : reservations) {
      for (Object i : (List<?>) ((Map<?, ?>) r).get("Instances")) {
        ids.add((String) ((Map<?, ?>) i).get("InstanceId"));
        assertThat(((Map<?, ?>) ((Map<?, ?>) i).get("State")).get("Name")).isEqualTo("running");
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(web);
  }

  @Test
  void sendCommandThenGetCommandInvocation() throws Exception {
    String id = web.get(0);
    Map<String, Object> sent =
        awsJson(
            "ssm",
            "send-command",
            "--document-name",
            "AWS-RunShellScript",
            "--instance-ids",
            id,
            "--comment",
            "from the cli",
            "--parameters",
            "commands=echo from-cli > cli.txt; cat cli.txt");
    String commandId = (String) ((Map<?, ?>) sent.get("Command")).get("CommandId");
    Map<String, Object>[] invocation = new Map[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              invocation[0] =
                  awsJson(
                      "ssm",
                      "get-command-invocation",
                      "--command-id",
                      commandId,
                      "--instance-id",
                      id);
              return "Success".equals(invocation[0].get("Status"));
            });
    assertThat(invocation[0].get("StandardOutputContent")).isEqualTo("from-cli\n");
    assertThat(invocation[0].get("ResponseCode")).isEqualTo(0L);
    assertThat(Files.readString(sim.instanceRoot(id).resolve("cli.txt"))).isEqualTo("from-cli\n");
  }

  @Test
  void s3MakeBucketCopyBothWaysAndPresignForCurl(@TempDir Path dir) throws Exception {
    // Past the CLI's 8 MB threshold, so `aws s3 cp` uploads it in parts.
    Path upload = dir.resolve("bundle.txt");
    Files.writeString(upload, "bundle from the cli\n".repeat(500_000));
    aws("s3", "mb", "s3://cli-bucket");
    aws("s3", "cp", upload.toString(), "s3://cli-bucket/releases/bundle.txt");
    assertThat(sim.getObject("cli-bucket", "releases/bundle.txt"))
        .isEqualTo(Files.readAllBytes(upload));
    assertThat(sim.calls().count("s3", "CompleteMultipartUpload")).isEqualTo(1);

    Path download = dir.resolve("back.txt");
    aws("s3", "cp", "s3://cli-bucket/releases/bundle.txt", download.toString());
    assertThat(Files.mismatch(download, upload)).isEqualTo(-1);
    assertThat(aws("s3", "ls", "s3://cli-bucket/releases/")).contains("bundle.txt");

    String url =
        aws("s3", "presign", "s3://cli-bucket/releases/bundle.txt", "--expires-in", "300").trim();
    assertThat(url).startsWith(sim.endpoint().toString());
    Path fetched = dir.resolve("curl.txt");
    run(List.of("curl", "-sS", "-f", "-o", fetched.toString(), url), true);
    assertThat(Files.mismatch(fetched, upload)).isEqualTo(-1);

    sim.advanceClock(Duration.ofSeconds(301));
    String denied = run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", url), true);
    assertThat(denied).isEqualTo("403");
  }

  @Test
  void describeAutoScalingGroups() throws Exception {
    Map<String, Object> out = awsJson("autoscaling", "describe-auto-scaling-groups");
    List<?> groups = (List<?>) out.get("AutoScalingGroups");
    assertThat(groups).hasSize(1);
    Map<?, ?> group = (Map<?, ?>) groups.get(0);
    assertThat(group.get("AutoScalingGroupName")).isEqualTo("cli-asg");
    assertThat(group.get("DesiredCapacity")).isEqualTo(1L);
  }

  @Test
  void stsGetCallerIdentity() throws Exception {
    assertThat(awsJson("sts", "get-caller-identity").get("Account")).isEqualTo("123456789012");
  }

  private static Map<String, Object> awsJson(String... args) throws Exception {
    return JsonReader.parseObject(aws(args));
  }

  private static String aws(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(Arrays.asList(args));
    command.addAll(List.of("--endpoint-url", sim.endpoint().toString(), "--output", "json"));
    return run(command, true);
  }

  private static String run(List<String> command, boolean mustSucceed) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "eu-west-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    env.remove("AWS_PROFILE");
    env.remove("AWS_SESSION_TOKEN");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    if (mustSucceed && p.exitValue() != 0) {
      throw new AssertionError(command + " exited " + p.exitValue() + ": " + err);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
