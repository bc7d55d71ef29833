package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LifecycleHooks.Hook;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import io.fleetdeploy.fleet.LifecycleHooks.WaitingInstance;
import io.fleetdeploy.simulator.AwsSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Auto Scaling lifecycle hooks through the real Auto Scaling client against the simulator. */
class AwsLifecycleHooksTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final String HOOK = "fleetdeploy-launch";

  private AwsSimulator sim;
  private AwsLifecycleHooks hooks;

  @BeforeEach
  void setUp() {
    sim = AWS.simulator();
    hooks = new AwsLifecycleHooks(AWS.aws());
  }

  @Test
  void putInstallsTheHookExactlyAsGivenAndUpdatesIt() {
    group("hooks-put", 1);
    Hook launch =
        new Hook("hooks-put", HOOK, Transition.LAUNCHING, Duration.ofMinutes(10), Result.ABANDON);
    Hook terminate =
        new Hook(
            "hooks-put",
            "fleetdeploy-terminate",
            Transition.TERMINATING,
            Duration.ofMinutes(5),
            Result.CONTINUE);

    hooks.put(launch);
    hooks.put(terminate);
    assertThat(hooks.hooks("hooks-put")).containsExactlyInAnyOrder(launch, terminate);

    Hook longer =
        new Hook("hooks-put", HOOK, Transition.LAUNCHING, Duration.ofMinutes(20), Result.CONTINUE);
    hooks.put(longer);
    assertThat(hooks.hooks("hooks-put")).containsExactlyInAnyOrder(longer, terminate);
  }

  @Test
  void aScaleOutInstanceWaitsUntilCompletedWithContinueAndHeartbeatsKeepItWaiting() {
    group("hooks-wait", 1);
    Duration heartbeatTimeout = Duration.ofMinutes(5);
    hooks.put(new Hook("hooks-wait", HOOK, Transition.LAUNCHING, heartbeatTimeout, Result.ABANDON));
    sim.setDesiredCapacity("hooks-wait", 2);

    List<WaitingInstance> waiting =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> hooks.waiting("hooks-wait"), w -> !w.isEmpty());
    assertThat(waiting).hasSize(1);
    WaitingInstance instance = waiting.get(0);
    assertThat(instance.transition()).isEqualTo(Transition.LAUNCHING);
    assertThat(instance.lifecycleState()).isEqualTo("Pending:Wait");

    // Without heartbeats the hook's timeout would pass (ABANDON: the instance would be terminated).
    for (int i = 0; i < 3; i++) {
      sim.advanceClock(heartbeatTimeout.multipliedBy(3).dividedBy(4));
      hooks.heartbeat("hooks-wait", HOOK, instance.instanceId());
    }
    assertThat(sim.instance(instance.instanceId()).lifecycleState()).isEqualTo("Pending:Wait");
    assertThat(hooks.waiting("hooks-wait")).containsExactly(instance);

    hooks.complete("hooks-wait", HOOK, instance.instanceId(), Result.CONTINUE);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sim.instance(instance.instanceId()).lifecycleState(), "InService"::equals);
    assertThat(hooks.waiting("hooks-wait")).isEmpty();
  }

  @Test
  void withoutHeartbeatsTheHookTimesOutWithItsDefaultResult() {
    group("hooks-timeout", 1);
    hooks.put(
        new Hook(
            "hooks-timeout", HOOK, Transition.LAUNCHING, Duration.ofMinutes(5), Result.ABANDON));
    sim.setDesiredCapacity("hooks-timeout", 2);
    String id =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> hooks.waiting("hooks-timeout"), w -> !w.isEmpty())
            .get(0)
            .instanceId();

    sim.advanceClock(Duration.ofMinutes(6));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> sim.instance(id).state(),
            s -> s.equals("shutting-down") || s.equals("terminated"));
    assertThatThrownBy(() -> hooks.heartbeat("hooks-timeout", HOOK, id))
        .isInstanceOfSatisfying(
            FleetException.class,
            e -> assertThat(e.error()).isEqualTo(FleetError.AUTO_SCALING_CONFIGURATION))
        .hasMessageContaining(id);
  }

  @Test
  void abandonGivesTheInstanceUp() {
    group("hooks-abandon", 1);
    hooks.put(
        new Hook(
            "hooks-abandon", HOOK, Transition.LAUNCHING, Duration.ofMinutes(5), Result.CONTINUE));
    sim.setDesiredCapacity("hooks-abandon", 2);
    String id =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> hooks.waiting("hooks-abandon"), w -> !w.isEmpty())
            .get(0)
            .instanceId();

    hooks.complete("hooks-abandon", HOOK, id, Result.ABANDON);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> sim.instance(id).state(),
            s -> s.equals("shutting-down") || s.equals("terminated"));
  }

  @Test
  void removingAHookThatIsNotThereOrOfAGroupThatIsNotThereIsNoError() {
    group("hooks-remove", 0);
    hooks.put(
        new Hook(
            "hooks-remove", HOOK, Transition.LAUNCHING, Duration.ofMinutes(5), Result.ABANDON));

    hooks.remove("hooks-remove", HOOK);
    assertThat(hooks.hooks("hooks-remove")).isEmpty();
    assertThatCode(() -> hooks.remove("hooks-remove", HOOK)).doesNotThrowAnyException();
    assertThatCode(() -> hooks.remove("no-such-group", HOOK)).doesNotThrowAnyException();
  }

  @Test
  void everyOperationOnAMissingGroupIsAnAutoScalingConfigurationError() {
    Hook onMissing =
        new Hook(
            "no-such-group", HOOK, Transition.LAUNCHING, Duration.ofMinutes(5), Result.ABANDON);
    List<ThrowingCallable> calls =
        List.of(
            () -> hooks.hooks("no-such-group"),
            () -> hooks.put(onMissing),
            () -> hooks.waiting("no-such-group"),
            () -> hooks.heartbeat("no-such-group", HOOK, "i-0123456789abcdef0"),
            () -> hooks.complete("no-such-group", HOOK, "i-0123456789abcdef0", Result.CONTINUE));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(
              FleetException.class,
              e -> assertThat(e.error()).isEqualTo(FleetError.AUTO_SCALING_CONFIGURATION))
          .hasMessageContaining("no-such-group");
    }
  }

  @Test
  void aHookValueAutoScalingRefusesIsAnInvalidRequestNamingIt() {
    group("hooks-invalid", 0);
    assertThatThrownBy(
            () ->
                hooks.put(
                    new Hook(
                        "hooks-invalid",
                        HOOK,
                        Transition.LAUNCHING,
                        Duration.ofSeconds(5),
                        Result.ABANDON)))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.INVALID_REQUEST))
        .hasMessageContaining("PutLifecycleHook")
        .hasMessageContaining("HeartbeatTimeout");
  }

  private void group(String name, int desired) {
    sim.createAutoScalingGroup(name, 0, 5, desired, Map.of("app", name));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                sim.instances().stream()
                        .filter(
                            i ->
                                name.equals(i.autoScalingGroup())
                                    && "InService".equals(i.lifecycleState()))
                        .count()
                    == desired);
  }
}
