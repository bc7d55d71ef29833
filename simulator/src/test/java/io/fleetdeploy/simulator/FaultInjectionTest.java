package io.fleetdeploy.simulator;

import static io.fleetdeploy.simulator.SsmTestSupport.awaitInvocation;
import static io.fleetdeploy.simulator.SsmTestSupport.runShell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.sts.StsClient;

/** Every fault switch, seen through real SDK clients; and the call accounting. */
class FaultInjectionTest {
  private AwsSimulator sim;
  private List<String> hosts;

  @BeforeEach
  void start() {
    sim = AwsSimulator.builder().build().start();
    hosts = sim.addInstances(4, Map.of("app", "web"));
    sim.createBucket("bundles");
    sim.putObject("bundles", "k", "v".getBytes(StandardCharsets.UTF_8));
    sim.createAutoScalingGroup("web", 0, 2, 0, Map.of());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void eachServiceThrottlesWithItsOwnErrorWhichTheSdkRecognises() {
    SdkClients clients = SdkClients.withoutRetries(sim);
    try (Ec2Client ec2 = clients.ec2();
        AutoScalingClient asg = clients.autoScaling();
        SsmClient ssm = clients.ssm();
        S3Client s3 = clients.s3();
        StsClient sts = clients.sts()) {
      assertThrottled("ec2", () -> ec2.describeInstances(), "RequestLimitExceeded", 503);
      assertThrottled("autoscaling", () -> asg.describeAutoScalingGroups(), "Throttling", 400);
      assertThrottled("ssm", () -> ssm.listCommands(), "ThrottlingException", 400);
      assertThrottled("s3", () -> s3.getObject(b -> b.bucket("bundles").key("k")), "SlowDown", 503);
      assertThrottled("sts", () -> sts.getCallerIdentity(), "Throttling", 400);
    }
    assertThat(sim.calls().throttled()).isEqualTo(5);
  }

  private void assertThrottled(String service, Runnable call, String code, int status) {
    sim.faults().throttlePercent(service, "*", 100);
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.statusCode()).isEqualTo(status);
              assertThat(e.isThrottlingException())
                  .as("the SDK classifies %s as throttling", code)
                  .isTrue();
              assertThat(e.numAttempts()).isEqualTo(1);
            });
    sim.faults().throttlePercent(service, "*", 0);
    call.run();
  }

  @Test
  void clientsWithRetriesSucceedUnderThirtyPercentThrottling() {
    sim.faults().seed(7).throttlePercent(30);
    SdkClients clients = SdkClients.withPatientRetries(sim);
    try (Ec2Client ec2 = clients.ec2();
        SsmClient ssm = clients.ssm();
        S3Client s3 = clients.s3();
        AutoScalingClient asg = clients.autoScaling()) {
      for (int i = 0; i < 30; i++) {
        assertThat(ec2.describeInstances().reservations()).hasSize(4);
        assertThat(ssm.describeInstanceInformation().instanceInformationList()).hasSize(4);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("bundles").key("k")).asUtf8String())
            .isEqualTo("v");
        assertThat(asg.describeAutoScalingGroups().autoScalingGroups()).hasSize(1);
      }
    }
    CallStats calls = sim.calls();
    assertThat(calls.throttled()).isGreaterThan(20);
    assertThat(calls.count("ec2", "DescribeInstances")).isGreaterThan(30);
    double share = (double) calls.throttled() / calls.total();
    assertThat(share).isBetween(0.2, 0.4);
  }

  @Test
  void clientsWithTheSdksDefaultRetriesRideThroughThrottlingToo() {
    sim.faults().seed(3).throttlePercent(30);
    try (Ec2Client ec2 = SdkClients.of(sim).ec2()) {
      for (int i = 0; i < 8; i++) {
        assertThat(ec2.describeInstances().reservations()).hasSize(4);
      }
    }
    assertThat(sim.calls().throttled("ec2", "DescribeInstances")).isPositive();
    assertThat(sim.calls().count("ec2", "DescribeInstances")).isGreaterThan(8);
  }

  @Test
  void throttlingIsReproducibleFromTheSeed() {
    try (Ec2Client ec2 = SdkClients.withoutRetries(sim).ec2()) {
      sim.faults().seed(11).throttlePercent("ec2", "DescribeInstances", 50);
      List<Boolean> first = outcomes(ec2);
      sim.faults().seed(11);
      List<Boolean> second = outcomes(ec2);
      assertThat(first).isEqualTo(second).contains(true, false);
    }
  }

  private static List<Boolean> outcomes(Ec2Client ec2) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try {
        ec2.describeInstances();
        out.add(true);
      } catch (AwsServiceException e) {
        out.add(false);
      }
    }
    return out;
  }

  @Test
  void throttlingCanTargetOneOperation() {
    sim.faults().throttlePercent("ssm", "SendCommand", 100);
    try (SsmClient ssm = SdkClients.withoutRetries(sim).ssm()) {
      assertThatThrownBy(() -> runShell(ssm, hosts.subList(0, 1), "true"))
          .isInstanceOf(AwsServiceException.class)
          .hasMessageContaining("Rate exceeded");
      assertThat(ssm.listCommands().commands()).isEmpty();
    }
    assertThat(sim.calls().throttled("ssm", "SendCommand")).isEqualTo(1);
    assertThat(sim.calls().throttled("ssm", "ListCommands")).isZero();
  }

  @Test
  void latencyIsAddedToEveryCall() {
    sim.faults().latency(Duration.ofMillis(200));
    try (Ec2Client ec2 = SdkClients.of(sim).ec2()) {
      ec2.describeInstances();
      long start = System.nanoTime();
      ec2.describeInstances();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
      sim.faults().latency(Duration.ZERO);
      start = System.nanoTime();
      ec2.describeInstances();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
    }
  }

  @Test
  void instanceTerminatedMidCommandFailsItsInvocationAndLaterOnesAreUndeliverable() {
    String id = hosts.get(0);
    sim.faults().terminateDuringCommand(id, Duration.ofMillis(300));
    try (SsmClient ssm = SdkClients.of(sim).ssm()) {
      String commandId = runShell(ssm, List.of(id), "echo started", "sleep 30", "echo never");
      GetCommandInvocationResponse inv =
          awaitInvocation(ssm, commandId, id, Duration.ofSeconds(10));
      assertThat(inv.statusAsString()).isEqualTo("Failed");
      assertThat(inv.standardOutputContent()).isEqualTo("started\n");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sim.instance(id).state().equals("terminated"));

      String later = runShell(ssm, List.of(id), "true");
      GetCommandInvocationResponse undelivered = awaitInvocation(ssm, later, id);
      assertThat(undelivered.statusAsString()).isEqualTo("Failed");
      assertThat(undelivered.statusDetails()).isEqualTo("Undeliverable");
      assertThat(undelivered.responseCode()).isEqualTo(-1);
    }
  }

  @Test
  void instanceStoppedMidCommandFailsAndNewCommandsWaitUntilItRuns() {
    String id = hosts.get(1);
    sim.faults().stopDuringCommand(id, Duration.ofMillis(300));
    try (SsmClient ssm = SdkClients.of(sim).ssm()) {
      String commandId = runShell(ssm, List.of(id), "sleep 30");
      assertThat(awaitInvocation(ssm, commandId, id, Duration.ofSeconds(10)).statusAsString())
          .isEqualTo("Failed");
      await().atMost(Duration.ofSeconds(5)).until(() -> sim.instance(id).state().equals("stopped"));

      String waiting = runShell(ssm, List.of(id), "echo after-restart");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  ssm.getCommandInvocation(b -> b.commandId(waiting).instanceId(id))
                      .statusAsString()
                      .equals("Delayed"));
      sim.startInstance(id);
      GetCommandInvocationResponse inv = awaitInvocation(ssm, waiting, id);
      assertThat(inv.statusAsString()).isEqualTo("Success");
      assertThat(inv.standardOutputContent()).isEqualTo("after-restart\n");
    }
  }

  @Test
  void commandThatIsNeverDeliveredEndsAsDeliveryTimedOut() {
    String id = hosts.get(2);
    sim.faults().neverDeliverCommands(id);
    try (SsmClient ssm = SdkClients.of(sim).ssm()) {
      String commandId =
          ssm.sendCommand(
                  b ->
                      b.documentName("AWS-RunShellScript")
                          .instanceIds(id, hosts.get(3))
                          .timeoutSeconds(30)
                          .parameters(Map.of("commands", List.of("true"))))
              .command()
              .commandId();
      assertThat(awaitInvocation(ssm, commandId, hosts.get(3)).statusAsString())
          .isEqualTo("Success");
      GetCommandInvocationResponse pending =
          ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(id));
      assertThat(pending.statusAsString()).isEqualTo("Pending");
      assertThat(pending.responseCode()).isEqualTo(-1);

      sim.advanceClock(Duration.ofSeconds(31));
      GetCommandInvocationResponse timedOut = awaitInvocation(ssm, commandId, id);
      assertThat(timedOut.statusAsString()).isEqualTo("TimedOut");
      assertThat(timedOut.statusDetails()).isEqualTo("DeliveryTimedOut");
      Command command = ssm.listCommands(b -> b.commandId(commandId)).commands().get(0);
      assertThat(command.statusAsString()).isEqualTo("TimedOut");
      assertThat(command.statusDetails()).isEqualTo("DeliveryTimedOut");
      assertThat(command.deliveryTimedOutCount()).isEqualTo(1);
      assertThat(command.completedCount()).isEqualTo(2);
    }
  }

  @Test
  void offlineAgentGetsNothingUntilItComesBack() {
    String late = hosts.get(2);
    String lost = hosts.get(3);
    sim.faults().agentOffline(late, true).agentOffline(lost, true);
    try (SsmClient ssm = SdkClients.of(sim).ssm()) {
      String commandId =
          ssm.sendCommand(
                  b ->
                      b.documentName("AWS-RunShellScript")
                          .instanceIds(late, lost)
                          .timeoutSeconds(60)
                          .parameters(Map.of("commands", List.of("echo delivered"))))
              .command()
              .commandId();
      sim.advanceClock(Duration.ofSeconds(30));
      assertThat(
              ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(late))
                  .statusAsString())
          .isEqualTo("Pending");
      sim.faults().agentOffline(late, false);
      assertThat(awaitInvocation(ssm, commandId, late).standardOutputContent())
          .isEqualTo("delivered\n");

      sim.advanceClock(Duration.ofSeconds(31));
      assertThat(awaitInvocation(ssm, commandId, lost).statusDetails())
          .isEqualTo("DeliveryTimedOut");
    }
  }

  @Test
  void callsAreCountedPerServiceAndOperation() {
    sim.resetCounters();
    try (Ec2Client ec2 = SdkClients.of(sim).ec2();
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      ec2.describeInstances();
      ec2.describeInstances();
      ec2.describeInstances();
      runShell(ssm, hosts.subList(0, 2), "true");
      ssm.listCommands();
    }
    CallStats calls = sim.calls();
    assertThat(calls.count("ec2", "DescribeInstances")).isEqualTo(3);
    assertThat(calls.count("ssm", "SendCommand")).isEqualTo(1);
    assertThat(calls.count("ssm", "ListCommands")).isEqualTo(1);
    assertThat(calls.total()).isEqualTo(5);
    assertThat(calls.total("ssm")).isEqualTo(2);
    assertThat(calls.throttled()).isZero();
    sim.resetCounters();
    assertThat(sim.calls().total()).isZero();
  }

  @Test
  void faultSwitchesRejectNonsense() {
    assertThatThrownBy(() -> sim.faults().throttlePercent(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0-100");
    assertThatThrownBy(() -> sim.faults().latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
