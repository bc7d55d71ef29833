package io.fleetdeploy.simulator;

import static io.fleetdeploy.simulator.SsmRunCommandTest.assertErrorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/** DescribeInstanceInformation (tags, ping status, paging) and tags on on-premises servers. */
class SsmInstanceInformationTest {
  private AwsSimulator sim;
  private SsmClient ssm;
  private List<String> web;
  private List<String> db;
  private String onPrem;

  @BeforeEach
  void start() {
    sim = AwsSimulator.builder().build().start();
    ssm = SdkClients.of(sim).ssm();
    web = sim.addInstances(3, Map.of("app", "web"));
    db = sim.addInstances(3, Map.of("app", "db"));
    onPrem = sim.registerManagedInstance(Map.of("Name", "rack-7"));
  }

  @AfterEach
  void stop() {
    ssm.close();
    sim.close();
  }

  private List<InstanceInformation> describe(InstanceInformationStringFilter... filters) {
    List<InstanceInformation> out = new ArrayList<>();
    ssm.describeInstanceInformationPaginator(b -> b.filters(filters).maxResults(5))
        .instanceInformationList()
        .forEach(out::add);
    return out;
  }

  private static InstanceInformationStringFilter filter(String key, String... values) {
    return InstanceInformationStringFilter.builder().key(key).values(values).build();
  }

  @Test
  void tagFiltersSelectManagedInstances() {
    assertThat(describe(filter("tag:app", "web")))
        .extracting(InstanceInformation::instanceId)
        .containsExactlyInAnyOrderElementsOf(web);
    assertThat(describe(filter("tag-key", "Name")))
        .extracting(InstanceInformation::instanceId)
        .containsExactly(onPrem);
    assertThat(describe()).hasSize(7);
    InstanceInformation info = describe(filter("InstanceIds", web.get(0))).get(0);
    assertThat(info.pingStatusAsString()).isEqualTo("Online");
    assertThat(info.resourceTypeAsString()).isEqualTo("EC2Instance");
    assertThat(info.platformTypeAsString()).isEqualTo("Linux");
    InstanceInformation server = describe(filter("ResourceType", "ManagedInstance")).get(0);
    assertThat(server.instanceId()).isEqualTo(onPrem);
    assertThat(server.name()).isEqualTo("rack-7");
  }

  @Test
  void pagesHoldAtMostMaxResults() {
    var first = ssm.describeInstanceInformation(b -> b.maxResults(5));
    assertThat(first.instanceInformationList()).hasSize(5);
    var second = ssm.describeInstanceInformation(b -> b.maxResults(5).nextToken(first.nextToken()));
    assertThat(second.instanceInformationList()).hasSize(2);
    assertThat(second.nextToken()).isNull();
    assertThat(ssm.describeInstanceInformation().instanceInformationList()).hasSize(7);
    assertErrorCode(
        () -> ssm.describeInstanceInformation(b -> b.maxResults(4)),
        "ValidationException",
        "'maxResults'");
    assertErrorCode(
        () ->
            ssm.describeInstanceInformation(
                b -> b.filters(filter("tag:app", "web"), filter("PingStatus", "Online"))),
        "InvalidInstanceInformationFilterValue",
        "Tag filters");
    assertErrorCode(
        () ->
            ssm.describeInstanceInformation(
                b -> b.filters(filter("InstanceIds", "i-0123456789abcdef0"))),
        "InvalidInstanceId",
        "i-0123456789abcdef0");
  }

  @Test
  void offlineAgentsShowConnectionLostAndStoppedInstancesDisappear() {
    sim.faults().agentOffline(db.get(0), true);
    assertThat(describe(filter("PingStatus", "ConnectionLost")))
        .extracting(InstanceInformation::instanceId)
        .containsExactly(db.get(0));
    sim.stop(db.get(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(describe(filter("tag:app", "db")))
                    .extracting(InstanceInformation::instanceId)
                    .containsExactlyInAnyOrder(db.get(0), db.get(2)));
    sim.faults().agentOffline(db.get(0), false);
    assertThat(describe(filter("PingStatus", "ConnectionLost"))).isEmpty();
  }

  @Test
  void onPremisesServersCarrySsmTags() {
    ssm.addTagsToResource(
        b ->
            b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId(onPrem)
                .tags(Tag.builder().key("app").value("web").build()));
    assertThat(
            ssm.listTagsForResource(
                    b -> b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE).resourceId(onPrem))
                .tagList())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder("Name=rack-7", "app=web");
    assertThat(describe(filter("tag:app", "web")))
        .extracting(InstanceInformation::instanceId)
        .contains(onPrem);
    ssm.removeTagsFromResource(
        b ->
            b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId(onPrem)
                .tagKeys("app"));
    assertThat(describe(filter("tag:app", "web")))
        .extracting(InstanceInformation::instanceId)
        .doesNotContain(onPrem);
    assertErrorCode(
        () ->
            ssm.addTagsToResource(
                b ->
                    b.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                        .resourceId(web.get(0))
                        .tags(Tag.builder().key("a").value("b").build())),
        "InvalidResourceId",
        web.get(0));
  }
}
