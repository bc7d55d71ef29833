package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.InstanceState;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import io.fleetdeploy.simulator.AwsSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Target discovery through the real EC2, Auto Scaling and SSM clients against the simulator. Every
 * test tags its own instances, so they share one simulator without seeing each other's.
 */
class AwsFleetDiscoveryTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();

  private AwsSimulator sim;
  private AwsFleet fleet;

  @BeforeEach
  void setUp() {
    sim = AWS.simulator();
    fleet = new AwsFleet(AWS.aws());
    AWS.resetCounters();
  }

  @Test
  void tagFiltersAreOredAndFiltersOfOneKeyShareAQuery() {
    List<String> web = sim.addInstances(2, Map.of("app", "or-web"));
    List<String> api = sim.addInstances(1, Map.of("app", "or-api"));
    List<String> keyed = sim.addInstances(1, Map.of("or-role", "anything"));
    List<String> valued = sim.addInstances(1, Map.of("tier", "or-gold"));
    sim.addInstances(2, Map.of("app", "or-batch"));
    sim.addInstances(1, Map.of("or-web", "app"));
    sim.addInstances(1, Map.of());

    List<FleetInstance> found =
        fleet.findTargets(
            TargetSelector.ec2Tags(
                TagFilter.keyAndValue("app", "or-web"),
                TagFilter.keyAndValue("app", "or-api"),
                new TagFilter("or-role", "", TagFilter.Type.KEY_ONLY),
                new TagFilter("", "or-gold", TagFilter.Type.VALUE_ONLY)));

    assertThat(ids(found)).containsExactlyElementsOf(sorted(web, api, keyed, valued));
    // app=or-web and app=or-api are one tag:app filter with two values; plus tag-key and tag-value.
    assertThat(AWS.aws().counter().calls()).containsEntry("Ec2.DescribeInstances", 3L);
    assertThat(sim.calls().count("ec2", "DescribeInstances")).isEqualTo(3);
    FleetInstance one = byId(found).get(web.get(0));
    assertThat(one.availabilityZone()).startsWith(SimulatedAws.REGION);
    assertThat(one.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(one.tags()).containsEntry("app", "or-web");
    assertThat(one.autoScalingGroup()).isEmpty();
  }

  @Test
  void filterValuesMatchLiterallyThoughEc2ReadsThemAsWildcards() {
    sim.addInstances(1, Map.of("app", "literal-web"));
    List<String> starred = sim.addInstances(1, Map.of("app", "literal-*"));

    assertThat(
            fleet.findTargets(TargetSelector.ec2Tags(TagFilter.keyAndValue("app", "literal-we?"))))
        .isEmpty();
    assertThat(
            ids(
                fleet.findTargets(
                    TargetSelector.ec2Tags(TagFilter.keyAndValue("app", "literal-*")))))
        .containsExactlyElementsOf(starred);
  }

  @Test
  void aTagSetIsAnAndOfOrs() {
    List<String> shopProd = sim.addInstances(2, Map.of("set-app", "shop", "set-env", "prod"));
    List<String> cartProd = sim.addInstances(1, Map.of("set-app", "cart", "set-env", "prod"));
    sim.addInstances(1, Map.of("set-app", "shop", "set-env", "test"));
    sim.addInstances(1, Map.of("set-env", "prod"));
    sim.addInstances(1, Map.of("set-app", "blog", "set-env", "prod"));

    List<FleetInstance> found =
        fleet.findTargets(
            new TargetSelector(
                List.of(),
                List.of(
                    List.of(
                        TagFilter.keyAndValue("set-app", "shop"),
                        TagFilter.keyAndValue("set-app", "cart")),
                    List.of(TagFilter.keyAndValue("set-env", "prod"))),
                List.of(),
                List.of()));

    assertThat(ids(found)).containsExactlyElementsOf(sorted(shopProd, cartProd));
  }

  @Test
  void autoScalingMembersComeWithTagsZoneAndLifecycleStateHoweverTheyAreFound() {
    sim.createAutoScalingGroup("discovery-asg", 0, 5, 2, Map.of("app", "asg-web"));
    awaitInService("discovery-asg", 2);
    new AwsLifecycleHooks(AWS.aws())
        .put(
            new LifecycleHooks.Hook(
                "discovery-asg",
                "fleetdeploy-launch",
                LifecycleHooks.Transition.LAUNCHING,
                Duration.ofMinutes(30),
                LifecycleHooks.Result.ABANDON));
    sim.setDesiredCapacity("discovery-asg", 3);
    String waiting =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> member("discovery-asg", "Pending:Wait"), Optional::isPresent)
            .orElseThrow();

    List<FleetInstance> byGroup =
        fleet.findTargets(
            new TargetSelector(List.of(), List.of(), List.of("discovery-asg"), List.of()));
    assertThat(byGroup)
        .hasSize(3)
        .allSatisfy(
            i -> {
              assertThat(i.autoScalingGroup()).contains("discovery-asg");
              assertThat(i.tags())
                  .containsEntry("app", "asg-web")
                  .containsEntry(AwsFleet.GROUP_TAG, "discovery-asg");
              assertThat(i.availabilityZone()).startsWith(SimulatedAws.REGION);
            });
    assertThat(lifecycleStates(byGroup))
        .containsEntry(waiting, "Pending:Wait")
        .containsValues("InService", "Pending:Wait");

    // Targeted by tag only (or by tag and group): still known as held by the hook.
    for (TargetSelector selector :
        List.of(
            TargetSelector.ec2Tags(TagFilter.keyAndValue("app", "asg-web")),
            new TargetSelector(
                List.of(TagFilter.keyAndValue("app", "asg-web")),
                List.of(),
                List.of("discovery-asg"),
                List.of()))) {
      List<FleetInstance> found = fleet.findTargets(selector);
      assertThat(ids(found)).isEqualTo(ids(byGroup));
      assertThat(lifecycleStates(found)).isEqualTo(lifecycleStates(byGroup));
    }
    assertThat(fleet.describe(List.of(waiting)).get(waiting).lifecycleState())
        .contains("Pending:Wait");
  }

  @Test
  void membersLeavingTheirGroupAreNotTargetsThoughEc2StillRunsThem() {
    sim.createAutoScalingGroup("leaving-asg", 0, 5, 3, Map.of("app", "leaving-web"));
    awaitInService("leaving-asg", 3);
    AwsLifecycleHooks hooks = new AwsLifecycleHooks(AWS.aws());
    hooks.put(
        new LifecycleHooks.Hook(
            "leaving-asg",
            "fleetdeploy-terminate",
            LifecycleHooks.Transition.TERMINATING,
            Duration.ofMinutes(30),
            LifecycleHooks.Result.CONTINUE));
    sim.setDesiredCapacity("leaving-asg", 2);
    String leaving =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> member("leaving-asg", "Terminating:Wait"), Optional::isPresent)
            .orElseThrow();
    assertThat(sim.instance(leaving).state()).isEqualTo("running");

    for (TargetSelector selector :
        List.of(
            TargetSelector.ec2Tags(TagFilter.keyAndValue("app", "leaving-web")),
            new TargetSelector(List.of(), List.of(), List.of("leaving-asg"), List.of()))) {
      List<FleetInstance> found = fleet.findTargets(selector);
      assertThat(found).hasSize(2).extracting(FleetInstance::id).doesNotContain(leaving);
      assertThat(found).allSatisfy(i -> assertThat(i.lifecycleState()).contains("InService"));
    }
    assertThat(hooks.waiting("leaving-asg"))
        .containsExactly(
            new LifecycleHooks.WaitingInstance(
                "leaving-asg", leaving, LifecycleHooks.Transition.TERMINATING, "Terminating:Wait"));
  }

  @Test
  void aMissingAutoScalingGroupIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                fleet.findTargets(
                    new TargetSelector(List.of(), List.of(), List.of("no-such-asg"), List.of())))
        .isInstanceOfSatisfying(
            FleetException.class,
            e -> assertThat(e.error()).isEqualTo(FleetError.AUTO_SCALING_CONFIGURATION))
        .hasMessageContaining("no-such-asg")
        .hasMessageContaining(SimulatedAws.REGION);
  }

  @Test
  void onPremisesInstancesAreFoundByTagAndEc2InstancesWithTheTagAreNot() {
    String berlin1 = sim.registerManagedInstance(Map.of("dc", "berlin"));
    String berlin2 = sim.registerManagedInstance(Map.of("dc", "berlin"));
    String paris = sim.registerManagedInstance(Map.of("dc", "paris"));
    sim.registerManagedInstance(Map.of("dc", "rome"));
    sim.addInstances(1, Map.of("dc", "berlin"));

    List<FleetInstance> berlin =
        fleet.findTargets(onPremises(TagFilter.keyAndValue("dc", "berlin")));
    assertThat(ids(berlin)).containsExactlyElementsOf(sorted(List.of(berlin1, berlin2)));
    assertThat(berlin)
        .allSatisfy(
            i -> {
              assertThat(i.onPremises()).isTrue();
              assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            });
    assertThat(
            ids(
                fleet.findTargets(
                    onPremises(
                        TagFilter.keyAndValue("dc", "berlin"),
                        TagFilter.keyAndValue("dc", "paris")))))
        .containsExactlyElementsOf(sorted(List.of(berlin1, berlin2, paris)));
    assertThat(fleet.findTargets(onPremises(new TagFilter("dc", "", TagFilter.Type.KEY_ONLY))))
        .hasSize(4)
        .allSatisfy(i -> assertThat(i.onPremises()).isTrue());
  }

  @Test
  void aValueOnlyOnPremisesFilterIsRefusedWithAReason() {
    assertThatThrownBy(
            () ->
                fleet.findTargets(
                    onPremises(new TagFilter("", "berlin", TagFilter.Type.VALUE_ONLY))))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.INVALID_REQUEST))
        .hasMessageContaining("onPremisesTagFilters")
        .hasMessageContaining("'berlin'");
  }

  @Test
  void terminatedAndShuttingDownInstancesAreNotTargetsButStoppedOnesAre() {
    List<String> ids = sim.addInstances(4, Map.of("app", "gone-web"));
    sim.terminate(ids.get(0));
    sim.stop(ids.get(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                sim.instance(ids.get(0)).state().equals("terminated")
                    && sim.instance(ids.get(1)).state().equals("stopped"));

    List<FleetInstance> found =
        fleet.findTargets(TargetSelector.ec2Tags(TagFilter.keyAndValue("app", "gone-web")));
    assertThat(ids(found)).containsExactlyElementsOf(sorted(ids.subList(1, 4)));
    assertThat(byId(found).get(ids.get(1)).state()).isEqualTo(InstanceState.STOPPED);

    // describe reports what became of instances a deployment already counts on.
    Map<String, FleetInstance> described = fleet.describe(ids);
    assertThat(described.get(ids.get(0)).state()).isEqualTo(InstanceState.TERMINATED);
    assertThat(described.get(ids.get(1)).state()).isEqualTo(InstanceState.STOPPED);
    assertThat(described.get(ids.get(2)).state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void describeLeavesOutIdsTheFleetDoesNotKnowOfEitherKind() {
    List<String> ec2 = sim.addInstances(2, Map.of("app", "describe-web"));
    String managed = sim.registerManagedInstance(Map.of("site", "describe"));
    List<String> asked =
        List.of(ec2.get(0), "i-0123456789abcdef0", ec2.get(1), managed, "mi-0123456789abcdef0");

    Map<String, FleetInstance> found = fleet.describe(asked);

    assertThat(found.keySet()).containsExactlyInAnyOrder(ec2.get(0), ec2.get(1), managed);
    assertThat(found.get(managed).onPremises()).isTrue();
  }

  private static TargetSelector onPremises(TagFilter... filters) {
    return new TargetSelector(List.of(), List.of(), List.of(), List.of(filters));
  }

  private Optional<String> member(String group, String lifecycleState) {
    return sim.instances().stream()
        .filter(
            i -> group.equals(i.autoScalingGroup()) && lifecycleState.equals(i.lifecycleState()))
        .map(i -> i.id())
        .findFirst();
  }

  private void awaitInService(String group, int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                sim.instances().stream()
                        .filter(
                            i ->
                                group.equals(i.autoScalingGroup())
                                    && "InService".equals(i.lifecycleState()))
                        .count()
                    == count);
  }

  private static Map<String, String> lifecycleStates(List<FleetInstance> instances) {
    return instances.stream()
        .collect(Collectors.toMap(FleetInstance::id, i -> i.lifecycleState().orElse("-")));
  }

  private static List<String> ids(List<FleetInstance> instances) {
    return instances.stream().map(FleetInstance::id).toList();
  }

  private static Map<String, FleetInstance> byId(List<FleetInstance> instances) {
    return instances.stream().collect(Collectors.toMap(FleetInstance::id, Function.identity()));
  }

  @SafeVarargs
  private static List<String> sorted(List<String>... groups) {
    List<String> all = new ArrayList<>();
    for (List<String> g : groups) {
      all.addAll(g);
    }
    return all.stream().sorted().toList();
  }
}
