package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import io.fleetdeploy.simulator.AwsSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet of more than 1,000 instances: paginated discovery and chunked describes, call counts
 * measured.
 */
class AwsFleetPaginationTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final int FLEET = 1_050;

  private static List<String> fleetIds;
  private static List<String> terminated;
  private AwsFleet fleet;

  @BeforeAll
  static void bigFleet() {
    AwsSimulator sim = AWS.simulator();
    fleetIds = sim.addInstances(FLEET, Map.of("fleet", "big"));
    sim.addInstances(20, Map.of("fleet", "small"));
    terminated = List.of(fleetIds.get(7), fleetIds.get(500), fleetIds.get(1_049));
    terminated.forEach(sim::terminate);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                terminated.stream().allMatch(id -> sim.instance(id).state().equals("terminated")));
  }

  @BeforeEach
  void setUp() {
    fleet = new AwsFleet(AWS.aws());
    AWS.resetCounters();
  }

  @Test
  void discoveryPagesPastAThousandInstancesInFewerThanFiveEc2Calls() {
    List<FleetInstance> found =
        fleet.findTargets(TargetSelector.ec2Tags(TagFilter.keyAndValue("fleet", "big")));

    List<String> live = new ArrayList<>(fleetIds);
    live.removeAll(terminated);
    assertThat(found)
        .extracting(FleetInstance::id)
        .containsExactlyElementsOf(live.stream().sorted().toList());
    long adapterCalls = AWS.aws().counter().calls().get("Ec2.DescribeInstances");
    long simulatorCalls = AWS.simulator().calls().count("ec2", "DescribeInstances");
    assertThat(adapterCalls).isEqualTo(simulatorCalls).isGreaterThan(1).isLessThan(5);
    assertThat(AWS.simulator().calls().total()).isEqualTo(simulatorCalls);
  }

  @Test
  void describeOfMoreThanTwoHundredIdsIsChunked() {
    List<String> asked = fleetIds.subList(100, 350);

    var described = fleet.describe(asked);

    assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(asked);
    // 250 ids: EC2 takes at most 200 values in one filter, so two calls.
    assertThat(AWS.aws().counter().calls()).containsEntry("Ec2.DescribeInstances", 2L);
    assertThat(AWS.simulator().calls().count("ec2", "DescribeInstances")).isEqualTo(2);
  }
}
