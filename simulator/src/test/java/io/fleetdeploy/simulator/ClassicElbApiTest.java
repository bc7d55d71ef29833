package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.ConnectionDraining;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.InvalidInstanceException;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * Classic Load Balancers through the real SDK client (elasticloadbalancing 2.41.6, the newest
 * published, on the BOM's newer SDK core): registration, connection draining and instance health on
 * the simulator clock, next to ELBv2 on the same signing name.
 */
class ClassicElbApiTest {
  private AwsSimulator sim;
  private ElasticLoadBalancingClient elb;

  @BeforeEach
  void start() {
    sim = AwsSimulator.builder().build().start();
    elb = SdkClients.withoutRetries(sim).elb();
  }

  @AfterEach
  void stop() {
    elb.close();
    sim.close();
  }

  private static Instance instance(String id) {
    return Instance.builder().instanceId(id).build();
  }

  private Map<String, InstanceState> health(String name, List<String> ids) {
    return elb
        .describeInstanceHealth(
            r -> r.loadBalancerName(name).instances(ids.stream().map(i -> instance(i)).toList()))
        .instanceStates()
        .stream()
        .collect(Collectors.toMap(InstanceState::instanceId, s -> s));
  }

  /**
   * The point of the tests here: the Classic client is an older release than the SDK core it runs
   * on (the root pom says why). Once the BOM's version serves elasticloadbalancing, drop the
   * explicit version there and this check.
   */
  @Test
  void theClassicClientIsAnOlderReleaseThanTheCoreItRunsOn() {
    String jar =
        ElasticLoadBalancingClient.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .getPath();
    Matcher version = Pattern.compile("elasticloadbalancing-([0-9.]+)\\.jar$").matcher(jar);
    assertThat(version.find()).as("the client's jar %s", jar).isTrue();
    assertThat(Runtime.Version.parse(version.group(1)))
        .as("elasticloadbalancing %s on core %s", version.group(1), VersionInfo.SDK_VERSION)
        .isLessThan(Runtime.Version.parse(VersionInfo.SDK_VERSION));
  }

  @Test
  void instancesDrainForTheTimeoutAndGoInServiceAfterTheChecks() {
    List<String> ids = sim.addInstances(2, Map.of("app", "web"));
    String dns =
        elb.createLoadBalancer(
                r ->
                    r.loadBalancerName("web-classic")
                        .availabilityZones(sim.region() + "a")
                        .listeners(
                            Listener.builder()
                                .protocol("HTTP")
                                .loadBalancerPort(80)
                                .instancePort(8080)
                                .build()))
            .dnsName();
    assertThat(dns).startsWith("web-classic-").endsWith(".elb.amazonaws.com");
    elb.modifyLoadBalancerAttributes(
        r ->
            r.loadBalancerName("web-classic")
                .loadBalancerAttributes(
                    a -> a.connectionDraining(d -> d.enabled(true).timeout(30))));
    ConnectionDraining draining =
        elb.describeLoadBalancerAttributes(r -> r.loadBalancerName("web-classic"))
            .loadBalancerAttributes()
            .connectionDraining();
    assertThat(draining.enabled()).isTrue();
    assertThat(draining.timeout()).isEqualTo(30);

    assertThat(health("web-classic", ids).values())
        .extracting(InstanceState::state, InstanceState::description)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                "OutOfService", "Instance is not currently registered with the LoadBalancer."));
    assertThat(
            elb.registerInstancesWithLoadBalancer(
                    r ->
                        r.loadBalancerName("web-classic")
                            .instances(instance(ids.get(0)), instance(ids.get(1))))
                .instances())
        .extracting(Instance::instanceId)
        .containsExactlyElementsOf(ids);
    assertThat(health("web-classic", ids).values())
        .extracting(InstanceState::state, InstanceState::reasonCode, InstanceState::description)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                "OutOfService", "ELB", "Instance registration is still in progress."));
    sim.advanceClock(Duration.ofSeconds(11));
    assertThat(health("web-classic", ids).values())
        .extracting(InstanceState::state)
        .containsOnly("InService");

    elb.deregisterInstancesFromLoadBalancer(
        r -> r.loadBalancerName("web-classic").instances(instance(ids.get(0))));
    elb.deregisterInstancesFromLoadBalancer(
        r -> r.loadBalancerName("web-classic").instances(instance(ids.get(0)))); // no-op now
    Map<String, InstanceState> health = health("web-classic", ids);
    assertThat(health.get(ids.get(0)).state()).isEqualTo("OutOfService");
    assertThat(health.get(ids.get(0)).description())
        .isEqualTo("Instance deregistration currently in progress.");
    assertThat(health.get(ids.get(1)).state()).isEqualTo("InService");
    sim.advanceClock(Duration.ofSeconds(31));
    assertThat(health("web-classic", ids).get(ids.get(0)).description())
        .isEqualTo("Instance is not currently registered with the LoadBalancer.");

    sim.classicLoadBalancers().failHealthChecks(ids.get(1), true);
    assertThat(health("web-classic", ids).get(ids.get(1)).reasonCode()).isEqualTo("Instance");
    assertThat(sim.classicLoadBalancers().registered("web-classic")).containsExactly(ids.get(1));
    assertThat(sim.calls().count("elasticloadbalancing", "DescribeInstanceHealth")).isEqualTo(6);
  }

  @Test
  void withoutConnectionDrainingDeregistrationIsImmediate() {
    List<String> ids = sim.addInstances(1, Map.of("app", "web"));
    sim.classicLoadBalancers().create("quick", Optional.empty(), Duration.ofSeconds(1));
    sim.classicLoadBalancers().register("quick", ids);
    assertThat(
            elb.describeLoadBalancerAttributes(r -> r.loadBalancerName("quick"))
                .loadBalancerAttributes()
                .connectionDraining()
                .enabled())
        .isFalse();
    elb.deregisterInstancesFromLoadBalancer(
        r -> r.loadBalancerName("quick").instances(instance(ids.get(0))));
    assertThat(health("quick", ids).get(ids.get(0)).description())
        .isEqualTo("Instance is not currently registered with the LoadBalancer.");
  }

  @Test
  void unknownLoadBalancersAndInstancesAreRefusedInClassicTerms() {
    List<String> ids = sim.addInstances(1, Map.of("app", "web"));
    sim.classicLoadBalancers().create("web", Optional.of(Duration.ofSeconds(5)), Duration.ZERO);
    assertThatThrownBy(
            () ->
                elb.registerInstancesWithLoadBalancer(
                    r -> r.loadBalancerName("nope").instances(instance(ids.get(0)))))
        .isInstanceOfSatisfying(
            LoadBalancerNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LoadBalancerNotFound"));
    assertThatThrownBy(
            () ->
                elb.registerInstancesWithLoadBalancer(
                    r -> r.loadBalancerName("web").instances(instance("i-0000000000"))))
        .isInstanceOf(InvalidInstanceException.class);
    // As AWS does: an instance the load balancer never had cannot be deregistered.
    assertThatThrownBy(
            () ->
                elb.deregisterInstancesFromLoadBalancer(
                    r -> r.loadBalancerName("web").instances(instance(ids.get(0)))))
        .isInstanceOfSatisfying(
            InvalidInstanceException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstance"));
  }

  @Test
  void bothLoadBalancingApisShareTheSigningNameAndAreToldApartByVersion() {
    List<String> ids = sim.addInstances(1, Map.of("app", "web"));
    sim.classicLoadBalancers().create("web", Optional.of(Duration.ofSeconds(5)), Duration.ZERO);
    String arn = sim.targetGroups().create("web", Duration.ofSeconds(5), Duration.ZERO);
    try (ElasticLoadBalancingV2Client v2 = SdkClients.withoutRetries(sim).elbv2()) {
      v2.registerTargets(
          r -> r.targetGroupArn(arn).targets(TargetDescription.builder().id(ids.get(0)).build()));
      elb.registerInstancesWithLoadBalancer(
          r -> r.loadBalancerName("web").instances(instance(ids.get(0))));
    }
    assertThat(sim.targetGroups().registered(arn)).containsExactly(ids.get(0));
    assertThat(sim.classicLoadBalancers().registered("web")).containsExactly(ids.get(0));
  }

  @Test
  void aLoadBalancingRequestOfAnotherVersionIsRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(sim.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKID/20250101/"
                            + sim.region()
                            + "/elasticloadbalancing/aws4_request, SignedHeaders=host,"
                            + " Signature=abc")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "Action=DescribeInstanceHealth&Version=2011-11-15"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>NoSuchVersion</Code>", "2012-06-01");
  }
}
