package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.sts.StsClient;

/** EC2 DescribeInstances, filters, pagination and state changes through the real SDK client. */
class Ec2ApiTest {
  private static AwsSimulator sim;
  private static Ec2Client ec2;
  private static List<String> web;
  private static List<String> db;

  @BeforeAll
  static void start() {
    sim = AwsSimulator.builder().build().start();
    ec2 = SdkClients.of(sim).ec2();
    web = sim.addInstances(1_200, Map.of("app", "web", "env", "prod"));
    db = sim.addInstances(30, Map.of("app", "db", "env", "prod"));
  }

  @AfterAll
  static void stop() {
    ec2.close();
    sim.close();
  }

  @Test
  void tagFilterPagesPastOneThousandInstancesLikeEc2() {
    Filter app = Filter.builder().name("tag:app").values("web").build();
    DescribeInstancesResponse first = ec2.describeInstances(b -> b.filters(app).maxResults(1000));
    assertThat(instances(first)).hasSize(1000);
    assertThat(first.nextToken()).isNotBlank();
    DescribeInstancesResponse second =
        ec2.describeInstances(b -> b.filters(app).maxResults(1000).nextToken(first.nextToken()));
    assertThat(instances(second)).hasSize(200);
    assertThat(second.nextToken()).isNull();

    Set<String> seen = new HashSet<>();
    instances(first).forEach(i -> seen.add(i.instanceId()));
    instances(second).forEach(i -> seen.add(i.instanceId()));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(web);
    assertThat(instances(first).get(0).tags())
        .anySatisfy(
            t -> {
              assertThat(t.key()).isEqualTo("app");
              assertThat(t.value()).isEqualTo("web");
            });
  }

  @Test
  void sdkPaginatorWalksEveryPage() {
    List<String> ids = new ArrayList<>();
    ec2.describeInstancesPaginator(
            b -> b.maxResults(97).filters(Filter.builder().name("tag:env").values("prod").build()))
        .reservations()
        .forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
    assertThat(ids).hasSize(1_230).doesNotHaveDuplicates();
  }

  @Test
  void filtersCombineAndSupportWildcards() {
    List<Instance> dbInZoneA =
        instances(
            ec2.describeInstances(
                b ->
                    b.filters(
                        Filter.builder().name("tag:app").values("d*").build(),
                        Filter.builder()
                            .name("availability-zone")
                            .values(sim.region() + "a")
                            .build(),
                        Filter.builder().name("instance-state-name").values("running").build())));
    assertThat(dbInZoneA)
        .isNotEmpty()
        .allSatisfy(
            i -> {
              assertThat(db).contains(i.instanceId());
              assertThat(i.placement().availabilityZone()).isEqualTo("eu-west-1a");
              assertThat(i.privateIpAddress()).startsWith("10.0.");
              assertThat(i.instanceId()).matches("i-0[0-9a-f]{16}");
            });
    assertThat(dbInZoneA.size()).isBetween(9, 11);

    List<Instance> byKey =
        instances(
            ec2.describeInstances(
                b ->
                    b.filters(
                        Filter.builder().name("tag-key").values("app").build(),
                        Filter.builder().name("tag-value").values("db").build())));
    assertThat(byKey).hasSize(30);

    List<Instance> two =
        instances(
            ec2.describeInstances(
                b ->
                    b.filters(
                        Filter.builder()
                            .name("instance-id")
                            .values(db.get(0), db.get(1))
                            .build())));
    assertThat(two)
        .extracting(Instance::instanceId)
        .containsExactlyInAnyOrder(db.get(0), db.get(1));
  }

  @Test
  void instanceIdsSelectInstancesAndUnknownIdsFailLikeEc2() {
    List<Instance> one = instances(ec2.describeInstances(b -> b.instanceIds(web.get(5))));
    assertThat(one).extracting(Instance::instanceId).containsExactly(web.get(5));

    assertThatThrownBy(() -> ec2.describeInstances(b -> b.instanceIds("i-0123456789abcdef0")))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("i-0123456789abcdef0");
            });
    assertThatThrownBy(() -> ec2.describeInstances(b -> b.instanceIds("not-an-id")))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidInstanceID.Malformed"));
  }

  @Test
  void maxResultsIsValidatedAsEc2Does() {
    assertThatThrownBy(() -> ec2.describeInstances(b -> b.maxResults(4)))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
              assertThat(e.getMessage()).contains("maxResults");
            });
    assertThatThrownBy(() -> ec2.describeInstances(b -> b.maxResults(1001)))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    assertThatThrownBy(() -> ec2.describeInstances(b -> b.maxResults(5).instanceIds(web.get(0))))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidParameterCombination"));
    assertThatThrownBy(() -> ec2.describeInstances(b -> b.maxResults(5).nextToken("garbage!")))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPaginationToken"));
    assertThatThrownBy(
            () ->
                ec2.describeInstances(
                    b -> b.filters(Filter.builder().name("colour").values("x").build())))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
              assertThat(e.getMessage()).contains("colour");
            });
  }

  @Test
  void terminatedInstancesStayVisibleAsTerminatedAndStoppedOnesStop() {
    String victim = web.get(1_199);
    String sleeper = web.get(1_198);
    var terminate = ec2.terminateInstances(b -> b.instanceIds(victim));
    assertThat(terminate.terminatingInstances().get(0).previousState().name())
        .isEqualTo(InstanceStateName.RUNNING);
    assertThat(terminate.terminatingInstances().get(0).currentState().name())
        .isEqualTo(InstanceStateName.SHUTTING_DOWN);
    var stop = ec2.stopInstances(b -> b.instanceIds(sleeper));
    assertThat(stop.stoppingInstances().get(0).currentState().name())
        .isEqualTo(InstanceStateName.STOPPING);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Instance v = instances(ec2.describeInstances(b -> b.instanceIds(victim))).get(0);
              assertThat(v.state().name()).isEqualTo(InstanceStateName.TERMINATED);
              assertThat(v.state().code()).isEqualTo(48);
              assertThat(v.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
              Instance s = instances(ec2.describeInstances(b -> b.instanceIds(sleeper))).get(0);
              assertThat(s.state().name()).isEqualTo(InstanceStateName.STOPPED);
            });
    assertThat(
            instances(
                ec2.describeInstances(
                    b ->
                        b.filters(
                            Filter.builder()
                                .name("instance-state-name")
                                .values("terminated")
                                .build()))))
        .extracting(Instance::instanceId)
        .contains(victim);

    ec2.startInstances(b -> b.instanceIds(sleeper));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sim.instance(sleeper).state().equals("running"));
  }

  @Test
  void terminatedInstancesDisappearAfterEc2sRetentionPeriod() {
    try (AwsSimulator own =
            AwsSimulator.builder().terminatedRetention(Duration.ofMinutes(60)).build().start();
        Ec2Client client = SdkClients.of(own).ec2()) {
      String gone = own.addInstances(2, Map.of()).get(0);
      own.terminate(gone);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> own.instance(gone).state().equals("terminated"));
      own.advanceClock(Duration.ofMinutes(59));
      assertThat(instances(client.describeInstances()))
          .extracting(Instance::instanceId)
          .contains(gone);
      own.advanceClock(Duration.ofMinutes(2));
      assertThat(instances(client.describeInstances()))
          .extracting(Instance::instanceId)
          .doesNotContain(gone)
          .hasSize(1);
    }
  }

  @Test
  void transitionsCompleteWhenDueAndALaterOneReplacesAnEarlierOne() {
    try (AwsSimulator own =
        AwsSimulator.builder()
            .stateTransitionDelay(Duration.ofSeconds(30))
            .terminatedRetention(Duration.ofMinutes(60))
            .build()
            .start()) {
      List<String> hosts = own.addInstances(3, Map.of());
      String sleeper = hosts.get(0);
      String victim = hosts.get(1);
      own.stop(sleeper);
      own.advanceClock(Duration.ofSeconds(29));
      assertThat(own.instance(sleeper).state()).isEqualTo("stopping");
      own.advanceClock(Duration.ofSeconds(2));
      assertThat(own.instance(sleeper).state()).isEqualTo("stopped");

      // Started (pending for 30 s), then terminated 10 s later: the termination's own delay
      // counts, and the start's end does not make it running.
      own.startInstance(sleeper);
      own.advanceClock(Duration.ofSeconds(10));
      own.terminate(sleeper);
      own.terminate(victim);
      own.advanceClock(Duration.ofSeconds(25));
      assertThat(own.instance(sleeper).state()).isEqualTo("shutting-down");
      assertThat(own.instance(victim).state()).isEqualTo("shutting-down");
      own.advanceClock(Duration.ofSeconds(6));
      assertThat(own.instance(sleeper).state()).isEqualTo("terminated");
      assertThat(own.instance(victim).state()).isEqualTo("terminated");
      assertThat(own.instance(hosts.get(2)).state()).isEqualTo("running");

      own.advanceClock(Duration.ofMinutes(61));
      assertThat(own.instances())
          .extracting(i -> i.id() + " " + i.state())
          .containsExactly(hosts.get(2) + " running");
    }
  }

  @Test
  void tagsCanBeAddedAndDescribed() {
    String id = db.get(29);
    ec2.createTags(b -> b.resources(id).tags(t -> t.key("Name").value("db-29")));
    var tags =
        ec2.describeTags(b -> b.filters(Filter.builder().name("resource-id").values(id).build()))
            .tags();
    assertThat(tags)
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder("app=db", "env=prod", "Name=db-29");
  }

  @Test
  void stsAnswersWhoTheCallerIs() {
    try (StsClient sts = SdkClients.of(sim).sts()) {
      var identity = sts.getCallerIdentity();
      assertThat(identity.account()).isEqualTo("123456789012");
      assertThat(identity.arn()).startsWith("arn:aws:iam::123456789012:");
    }
  }

  private static List<Instance> instances(DescribeInstancesResponse response) {
    return response.reservations().stream()
        .map(Reservation::instances)
        .flatMap(List::stream)
        .toList();
  }
}
