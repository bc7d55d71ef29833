package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** Auto Scaling groups, scale-out and scale-in, and lifecycle hooks through the real SDK client. */
class AutoScalingApiTest {
  private static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  private static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private AwsSimulator sim;
  private AutoScalingClient asg;

  @BeforeEach
  void start() {
    sim = AwsSimulator.builder().build().start();
    asg = SdkClients.of(sim).autoScaling();
  }

  @AfterEach
  void stop() {
    asg.close();
    sim.close();
  }

  private String createGroup(int desired) {
    String name = "web-" + GROUPS.incrementAndGet();
    asg.createAutoScalingGroup(
        b ->
            b.autoScalingGroupName(name)
                .minSize(0)
                .maxSize(10)
                .desiredCapacity(desired)
                .launchTemplate(t -> t.launchTemplateName("web").version("$Latest"))
                .availabilityZones("eu-west-1a", "eu-west-1b")
                .tags(
                    t -> t.key("app").value("web").propagateAtLaunch(true),
                    t -> t.key("team").value("ops").propagateAtLaunch(false)));
    return name;
  }

  private void putHook(
      String group, String name, String transition, int heartbeat, String defaultResult) {
    asg.putLifecycleHook(
        b ->
            b.autoScalingGroupName(group)
                .lifecycleHookName(name)
                .lifecycleTransition(transition)
                .heartbeatTimeout(heartbeat)
                .defaultResult(defaultResult));
  }

  private AutoScalingGroup group(String name) {
    return asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0);
  }

  private List<Instance> members(String name, LifecycleState state) {
    return group(name).instances().stream().filter(i -> i.lifecycleState() == state).toList();
  }

  @Test
  void groupLaunchesTaggedInstancesSpreadOverItsZones() {
    String name = createGroup(4);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.IN_SERVICE).size() == 4);
    AutoScalingGroup g = group(name);
    assertThat(g.desiredCapacity()).isEqualTo(4);
    assertThat(g.instances())
        .extracting(Instance::availabilityZone)
        .containsOnly("eu-west-1a", "eu-west-1b")
        .filteredOn("eu-west-1a"::equals)
        .hasSize(2);
    assertThat(g.tags()).hasSize(2);

    try (Ec2Client ec2 = SdkClients.of(sim).ec2()) {
      var launched =
          ec2.describeInstances(
                  b ->
                      b.filters(
                          Filter.builder()
                              .name("tag:aws:autoscaling:groupName")
                              .values(name)
                              .build()))
              .reservations();
      assertThat(launched)
          .hasSize(4)
          .allSatisfy(
              r ->
                  assertThat(r.instances().get(0).tags())
                      .extracting(t -> t.key() + "=" + t.value())
                      .contains("app=web", "aws:autoscaling:groupName=" + name)
                      .doesNotContain("team=ops"));
    }
  }

  @Test
  void launchHookHoldsInstancesInPendingWaitUntilContinue() {
    String name = createGroup(0);
    putHook(name, "deploy", LAUNCHING, 60, "ABANDON");
    asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(2));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.PENDING_WAIT).size() == 2);
    String first = members(name, LifecycleState.PENDING_WAIT).get(0).instanceId();
    String second = members(name, LifecycleState.PENDING_WAIT).get(1).instanceId();
    assertThat(sim.instance(first).state()).isEqualTo("running");

    // A heartbeat at 50 s pushes the deadline to 110 s, so 70 s in the instance is still waiting.
    sim.advanceClock(Duration.ofSeconds(50));
    asg.recordLifecycleActionHeartbeat(
        b -> b.autoScalingGroupName(name).lifecycleHookName("deploy").instanceId(first));
    sim.advanceClock(Duration.ofSeconds(20));
    assertThat(sim.instance(first).lifecycleState()).isEqualTo("Pending:Wait");

    asg.completeLifecycleAction(
        b ->
            b.autoScalingGroupName(name)
                .lifecycleHookName("deploy")
                .instanceId(first)
                .lifecycleActionResult("CONTINUE"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "InService".equals(sim.instance(first).lifecycleState()));

    // The second one got no heartbeat: its 60 s ran out 10 s ago and ABANDON (the default result)
    // applied.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !second.equals(firstNonTerminating(name, first)));
    assertThat(sim.instance(second).state()).isIn("shutting-down", "terminated");

    var details =
        asg.describeAutoScalingInstances(b -> b.instanceIds(first)).autoScalingInstances();
    assertThat(details)
        .extracting(
            AutoScalingInstanceDetails::lifecycleState, AutoScalingInstanceDetails::healthStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("InService", "HEALTHY"));
  }

  private String firstNonTerminating(String group, String except) {
    return group(group).instances().stream()
        .filter(i -> !i.instanceId().equals(except))
        .filter(
            i ->
                i.lifecycleState() != LifecycleState.TERMINATING
                    && i.lifecycleState() != LifecycleState.TERMINATED)
        .map(Instance::instanceId)
        .findFirst()
        .orElse("none");
  }

  @Test
  void abandonTerminatesTheInstanceAndTheGroupLaunchesAReplacement() {
    String name = createGroup(0);
    putHook(name, "deploy", LAUNCHING, 300, "CONTINUE");
    asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.PENDING_WAIT).size() == 1);
    String doomed = members(name, LifecycleState.PENDING_WAIT).get(0).instanceId();

    asg.completeLifecycleAction(
        b ->
            b.autoScalingGroupName(name)
                .lifecycleHookName("deploy")
                .instanceId(doomed)
                .lifecycleActionResult("ABANDON"));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(sim.instance(doomed).state()).isEqualTo("terminated");
              List<Instance> waiting = members(name, LifecycleState.PENDING_WAIT);
              assertThat(waiting).hasSize(1);
              assertThat(waiting.get(0).instanceId()).isNotEqualTo(doomed);
            });
    assertThat(group(name).desiredCapacity()).isEqualTo(1);
    assertThat(group(name).instances()).extracting(Instance::instanceId).doesNotContain(doomed);
  }

  @Test
  void heartbeatTimeoutAppliesTheDefaultResult() {
    String name = createGroup(0);
    putHook(name, "deploy", LAUNCHING, 30, "CONTINUE");
    asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.PENDING_WAIT).size() == 1);
    String id = members(name, LifecycleState.PENDING_WAIT).get(0).instanceId();

    sim.advanceClock(Duration.ofSeconds(29));
    assertThat(sim.instance(id).lifecycleState()).isEqualTo("Pending:Wait");
    sim.advanceClock(Duration.ofSeconds(2));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "InService".equals(sim.instance(id).lifecycleState()));
  }

  @Test
  void heartbeatsCannotExtendTheWaitPastOneHundredTimeouts() {
    String name = createGroup(0);
    putHook(name, "deploy", LAUNCHING, 30, "ABANDON");
    assertThat(
            asg.describeLifecycleHooks(b -> b.autoScalingGroupName(name))
                .lifecycleHooks()
                .get(0)
                .globalTimeout())
        .isEqualTo(3000);
    asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.PENDING_WAIT).size() == 1);
    String id = members(name, LifecycleState.PENDING_WAIT).get(0).instanceId();
    for (int i = 0; i < 100; i++) {
      sim.advanceClock(Duration.ofSeconds(25));
      asg.recordLifecycleActionHeartbeat(
          b -> b.autoScalingGroupName(name).lifecycleHookName("deploy").instanceId(id));
      if (!"Pending:Wait".equals(sim.instance(id).lifecycleState())) {
        break;
      }
    }
    // 100 x 25 s = 2500 s of heartbeats; the global timeout (100 x 30 s) ends the wait at 3000 s
    // regardless.
    assertThat(sim.instance(id).lifecycleState()).isEqualTo("Pending:Wait");
    sim.advanceClock(Duration.ofSeconds(501));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !"Pending:Wait".equals(sim.instance(id).lifecycleState()));
    assertThat(sim.instance(id).state()).isIn("shutting-down", "terminated");
  }

  @Test
  void scaleInWithTerminationHookWaitsThenTerminates() {
    String name = createGroup(2);
    putHook(name, "drain", TERMINATING, 120, "CONTINUE");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.IN_SERVICE).size() == 2);

    asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.TERMINATING_WAIT).size() == 1);
    String leaving = members(name, LifecycleState.TERMINATING_WAIT).get(0).instanceId();
    assertThat(sim.instance(leaving).state()).isEqualTo("running");

    asg.completeLifecycleAction(
        b ->
            b.autoScalingGroupName(name)
                .lifecycleHookName("drain")
                .instanceId(leaving)
                .lifecycleActionResult("CONTINUE"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(sim.instance(leaving).state()).isEqualTo("terminated");
              assertThat(group(name).instances())
                  .extracting(Instance::instanceId)
                  .doesNotContain(leaving);
            });
    assertThat(members(name, LifecycleState.IN_SERVICE)).hasSize(1);
  }

  @Test
  void terminateInstanceInGroupReplacesOrShrinks() {
    String name = createGroup(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.IN_SERVICE).size() == 2);
    String a = members(name, LifecycleState.IN_SERVICE).get(0).instanceId();
    var activity =
        asg.terminateInstanceInAutoScalingGroup(
                b -> b.instanceId(a).shouldDecrementDesiredCapacity(false))
            .activity();
    assertThat(activity.description()).isEqualTo("Terminating EC2 instance: " + a);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(members(name, LifecycleState.IN_SERVICE))
                  .hasSize(2)
                  .extracting(Instance::instanceId)
                  .doesNotContain(a);
            });

    String b2 = members(name, LifecycleState.IN_SERVICE).get(0).instanceId();
    asg.terminateInstanceInAutoScalingGroup(
        b -> b.instanceId(b2).shouldDecrementDesiredCapacity(true));
    assertThat(group(name).desiredCapacity()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> group(name).instances().size() == 1);

    assertThatThrownBy(
            () ->
                asg.terminateInstanceInAutoScalingGroup(
                    b -> b.instanceId("i-0000000000000000a").shouldDecrementDesiredCapacity(true)))
        .isInstanceOfSatisfying(
            AutoScalingException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.getMessage()).contains("i-0000000000000000a");
            });
  }

  @Test
  void completingByTokenWorksAndUnknownActionsFail() {
    String name = createGroup(0);
    putHook(name, "deploy", LAUNCHING, 300, "ABANDON");
    asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.PENDING_WAIT).size() == 1);
    String id = members(name, LifecycleState.PENDING_WAIT).get(0).instanceId();

    assertThatThrownBy(
            () ->
                asg.completeLifecycleAction(
                    b ->
                        b.autoScalingGroupName(name)
                            .lifecycleHookName("deploy")
                            .lifecycleActionToken("00000000-0000-4000-8000-000000000000")
                            .lifecycleActionResult("CONTINUE")))
        .isInstanceOfSatisfying(
            AutoScalingException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.getMessage()).contains("No active Lifecycle Action");
            });
    String token = sim.lifecycleActionToken(id, "deploy");
    asg.completeLifecycleAction(
        b ->
            b.autoScalingGroupName(name)
                .lifecycleHookName("deploy")
                .lifecycleActionToken(token)
                .lifecycleActionResult("CONTINUE"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "InService".equals(sim.instance(id).lifecycleState()));
    assertThatThrownBy(
            () ->
                asg.completeLifecycleAction(
                    b ->
                        b.autoScalingGroupName(name)
                            .lifecycleHookName("deploy")
                            .instanceId(id)
                            .lifecycleActionResult("CONTINUE")))
        .isInstanceOf(AutoScalingException.class)
        .hasMessageContaining("No active Lifecycle Action");
  }

  @Test
  void lifecycleHooksAreValidatedLikeAws() {
    String name = createGroup(0);
    assertValidationError(
        () -> putHook(name, "deploy", LAUNCHING, 29, "CONTINUE"), "HeartbeatTimeout");
    assertValidationError(
        () -> putHook(name, "deploy", LAUNCHING, 7201, "CONTINUE"), "HeartbeatTimeout");
    assertValidationError(() -> putHook(name, "deploy", LAUNCHING, 60, "MAYBE"), "DefaultResult");
    assertValidationError(
        () -> putHook(name, "has space", LAUNCHING, 60, "CONTINUE"), "lifecycleHookName");
    assertValidationError(
        () -> putHook(name, "deploy", "autoscaling:EC2_INSTANCE_REBOOTING", 60, "CONTINUE"),
        "LifecycleTransition");
    assertValidationError(
        () -> putHook("no-such-group", "deploy", LAUNCHING, 60, "CONTINUE"), "no-such-group");

    asg.putLifecycleHook(
        b ->
            b.autoScalingGroupName(name)
                .lifecycleHookName("deploy")
                .lifecycleTransition(LAUNCHING));
    LifecycleHook hook =
        asg.describeLifecycleHooks(b -> b.autoScalingGroupName(name)).lifecycleHooks().get(0);
    assertThat(hook.heartbeatTimeout()).isEqualTo(3600);
    assertThat(hook.defaultResult()).isEqualTo("ABANDON");
    assertThat(hook.globalTimeout()).isEqualTo(172_800);

    asg.deleteLifecycleHook(b -> b.autoScalingGroupName(name).lifecycleHookName("deploy"));
    assertThat(asg.describeLifecycleHooks(b -> b.autoScalingGroupName(name)).lifecycleHooks())
        .isEmpty();
    assertValidationError(
        () ->
            asg.deleteLifecycleHook(b -> b.autoScalingGroupName(name).lifecycleHookName("deploy")),
        "deploy");
  }

  @Test
  void groupsAreValidatedLikeAws() {
    assertValidationError(
        () ->
            asg.createAutoScalingGroup(
                b ->
                    b.autoScalingGroupName("x")
                        .minSize(0)
                        .maxSize(1)
                        .availabilityZones("eu-west-1a")),
        "LaunchTemplate");
    assertValidationError(
        () ->
            asg.createAutoScalingGroup(
                b ->
                    b.autoScalingGroupName("x")
                        .minSize(2)
                        .maxSize(4)
                        .desiredCapacity(5)
                        .launchConfigurationName("lc")
                        .availabilityZones("eu-west-1a")),
        "Desired capacity");
    String name = createGroup(0);
    assertThatThrownBy(() -> createGroupNamed(name))
        .isInstanceOfSatisfying(
            AutoScalingException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AlreadyExists"));
    assertValidationError(
        () -> asg.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(11)),
        "above max value 10");
  }

  private void createGroupNamed(String name) {
    asg.createAutoScalingGroup(
        b ->
            b.autoScalingGroupName(name)
                .minSize(0)
                .maxSize(1)
                .launchConfigurationName("lc")
                .availabilityZones("eu-west-1a"));
  }

  @Test
  void describeAutoScalingInstancesPages() {
    String name = createGroup(7);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members(name, LifecycleState.IN_SERVICE).size() == 7);
    var first = asg.describeAutoScalingInstances(b -> b.maxRecords(5));
    assertThat(first.autoScalingInstances()).hasSize(5);
    var second =
        asg.describeAutoScalingInstances(b -> b.maxRecords(5).nextToken(first.nextToken()));
    assertThat(second.autoScalingInstances()).hasSize(2);
    assertThat(second.nextToken()).isNull();
    assertValidationError(
        () -> asg.describeAutoScalingInstances(b -> b.maxRecords(51)), "maxRecords");
  }

  @Test
  void javaApiGroupsBehaveLikeApiGroups() {
    sim.createAutoScalingGroup("api", 1, 5, 3, Map.of("app", "api"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> members("api", LifecycleState.IN_SERVICE).size() == 3);
    sim.setDesiredCapacity("api", 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> group("api").instances().size() == 1);
    assertThat(sim.instances())
        .filteredOn(i -> "api".equals(i.autoScalingGroup()) && i.state().equals("running"))
        .hasSize(1)
        .allSatisfy(i -> assertThat(i.tags()).containsEntry("app", "api"));
  }

  private static void assertValidationError(Runnable call, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AutoScalingException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}
