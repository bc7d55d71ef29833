package io.fleetdeploy.controller.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.HookState;
import io.fleetdeploy.api.v1alpha1.HookTransition;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.Targets;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import io.fleetdeploy.testing.MutableClock;
import io.fleetdeploy.testing.fleet.InMemoryAws;
import io.fleetdeploy.testing.fleet.InMemoryFleetServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hook names carry the group's uid: two groups whose namespace and name read alike once joined
 * ({@code hn-a}/{@code web} and {@code hn}/{@code a-web}) no longer share a hook, so the second
 * claim is refused; a hook of the old name that the group installed is renamed, but only while no
 * instance waits in it (deleting a launch hook abandons what waits in it).
 */
class LifecycleHookNamesTest {
  @TempDir Path scratch;

  private final InMemoryAws aws = new InMemoryAws(MutableClock.startingAt("2026-01-05T10:00:00Z"));

  private LifecycleHooks hooks() {
    return InMemoryFleetServices.over(aws, scratch).lifecycleHooks();
  }

  private static DeploymentGroup group(String namespace, String name, String uid) {
    DeploymentGroup group = new DeploymentGroup();
    group.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid).build());
    DeploymentGroupSpec spec = new DeploymentGroupSpec();
    Targets targets = new Targets();
    targets.setAutoScalingGroups(List.of("asg"));
    spec.setTargets(targets);
    group.setSpec(spec);
    return group;
  }

  @Test
  void namespaceAndNameThatReadAlikeGetDifferentHooks() {
    DeploymentGroup first = group("hn-a", "web", "0f6a0b5e-1111-4c1e-8f00-000000000001");
    DeploymentGroup second = group("hn", "a-web", "0f6a0b5e-2222-4c1e-8f00-000000000002");
    assertThat(HookNames.legacy(first, Transition.LAUNCHING))
        .isEqualTo(HookNames.legacy(second, Transition.LAUNCHING));
    assertThat(HookNames.of(first, Transition.LAUNCHING))
        .isNotEqualTo(HookNames.of(second, Transition.LAUNCHING));
    assertThat(HookNames.of(first, Transition.LAUNCHING))
        .startsWith("fleetdeploy-hn-a-web-")
        .hasSizeLessThan(256);
  }

  @Test
  void theSecondOfTwoGroupsWhoseNamesReadAlikeIsRefused() {
    aws.addAutoScalingGroup("asg", 1, Map.of());
    LifecycleHookKeeper keeper = new LifecycleHookKeeper(hooks());
    DeploymentGroup first = group("hn-a", "web", "0f6a0b5e-1111-4c1e-8f00-000000000001");
    DeploymentGroup second = group("hn", "a-web", "0f6a0b5e-2222-4c1e-8f00-000000000002");

    List<LifecycleHookStatus> mine = keeper.ensure(first, null, new GroupEvents());
    List<LifecycleHookStatus> theirs = keeper.ensure(second, null, new GroupEvents());

    assertThat(mine)
        .singleElement()
        .satisfies(h -> assertThat(h.getState()).isEqualTo(HookState.Installed));
    assertThat(theirs)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getState()).isEqualTo(HookState.Refused);
              assertThat(h.getMessage()).contains(HookNames.of(first, Transition.LAUNCHING));
            });
    assertThat(aws.hooksOn("asg")).containsOnlyKeys(HookNames.of(first, Transition.LAUNCHING));
  }

  @Test
  void aHookOfTheOldNameIsRenamedOnceNoInstanceWaitsInIt() {
    aws.addAutoScalingGroup("asg", 1, Map.of());
    DeploymentGroup group = group("shop", "web", "0f6a0b5e-3333-4c1e-8f00-000000000003");
    String legacy = HookNames.legacy(group, Transition.LAUNCHING);
    aws.putHook(
        new LifecycleHooks.Hook(
            "asg",
            legacy,
            Transition.LAUNCHING,
            Duration.ofMinutes(10),
            LifecycleHooks.Result.ABANDON));
    String waiting = aws.scaleOut("asg");
    List<LifecycleHookStatus> recorded = List.of(status(legacy));
    LifecycleHookKeeper keeper = new LifecycleHookKeeper(hooks());

    List<LifecycleHookStatus> whileWaiting = keeper.ensure(group, recorded, new GroupEvents());
    assertThat(whileWaiting)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getName()).isEqualTo(legacy);
              assertThat(h.getState()).isEqualTo(HookState.Installed);
            });
    assertThat(aws.hooksOn("asg")).containsOnlyKeys(legacy);
    assertThat(aws.lifecycleState(waiting)).isEqualTo("Pending:Wait");

    hooks().complete("asg", legacy, waiting, LifecycleHooks.Result.CONTINUE);
    GroupEvents events = new GroupEvents();
    List<LifecycleHookStatus> after = keeper.ensure(group, whileWaiting, events);

    assertThat(after)
        .singleElement()
        .satisfies(
            h -> assertThat(h.getName()).isEqualTo(HookNames.of(group, Transition.LAUNCHING)));
    assertThat(aws.hooksOn("asg")).containsOnlyKeys(HookNames.of(group, Transition.LAUNCHING));
    assertThat(aws.inService("asg")).contains(waiting);
    assertThat(events.all()).anySatisfy(e -> assertThat(e.message()).contains("Renamed " + legacy));
  }

  @Test
  void aHookOfTheOldNameThatTheGroupNeverRecordedIsSomeoneElses() {
    aws.addAutoScalingGroup("asg", 1, Map.of());
    DeploymentGroup group = group("shop", "web", "0f6a0b5e-4444-4c1e-8f00-000000000004");
    String legacy = HookNames.legacy(group, Transition.LAUNCHING);
    aws.putHook(
        new LifecycleHooks.Hook(
            "asg",
            legacy,
            Transition.LAUNCHING,
            Duration.ofMinutes(10),
            LifecycleHooks.Result.ABANDON));

    List<LifecycleHookStatus> result =
        new LifecycleHookKeeper(hooks()).ensure(group, null, new GroupEvents());

    assertThat(result)
        .singleElement()
        .satisfies(h -> assertThat(h.getState()).isEqualTo(HookState.Refused));
    assertThat(aws.hooksOn("asg")).containsOnlyKeys(legacy);
  }

  private static LifecycleHookStatus status(String name) {
    LifecycleHookStatus s = new LifecycleHookStatus();
    s.setAutoScalingGroup("asg");
    s.setName(name);
    s.setTransition(HookTransition.Launching);
    s.setState(HookState.Installed);
    return s;
  }
}
