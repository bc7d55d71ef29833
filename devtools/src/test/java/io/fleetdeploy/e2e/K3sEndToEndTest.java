package io.fleetdeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.demo.BundleDirectory;
import io.fleetdeploy.demo.DemoFleet;
import io.fleetdeploy.demo.ManifestApplier;
import io.fleetdeploy.demo.ManifestFile;
import io.fleetdeploy.demo.ManifestReader;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.fleet.aws.AwsFleetServices;
import io.fleetdeploy.fleet.aws.AwsSettings;
import io.fleetdeploy.operator.FleetdeployOperator;
import io.fleetdeploy.operator.OperatorSettings;
import io.fleetdeploy.simulator.AwsSimulator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * fleetdeploy against a real Kubernetes API server: K3s in a container gets the generated CRDs
 * (crds/*.yaml, with their schema and CEL rules enforced this time), the operator runs in this JVM
 * against it as in production (leader election off), and the AWS side is the fleet simulator. The
 * demo's story (samples/demo) is applied: demo-web 1.0.0 declared on the group, then 2.0.0, and
 * both roll out to the tagged instances and the Auto Scaling group.
 *
 * <p>Needs Docker; skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sEndToEndTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.2-k3s1"));

  private static KubernetesClient client;
  private static AwsSimulator simulator;
  private static AwsClients aws;
  private static FleetdeployOperator operator;

  @BeforeAll
  static void start() throws Exception {
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();
    applyCrds();

    simulator = AwsSimulator.builder().port(0).region(DemoFleet.REGION).build().start();
    simulator.addInstances(3, Map.of(DemoFleet.TAG_KEY, DemoFleet.INSTANCE_TAG_VALUE));
    simulator.createAutoScalingGroup(
        DemoFleet.AUTO_SCALING_GROUP,
        0,
        10,
        1,
        Map.of(DemoFleet.TAG_KEY, DemoFleet.AUTO_SCALING_TAG_VALUE));
    simulator.createBucket(DemoFleet.BUCKET);
    simulator.enableVersioning(DemoFleet.BUCKET);
    BundleDirectory.read(REPOSITORY.resolve("samples/bundles"))
        .forEach(b -> simulator.putObject(DemoFleet.BUCKET, b.key(), b.bytes()));

    aws = new AwsClients(AwsSettings.local(DemoFleet.REGION, simulator.endpoint()));
    OperatorSettings settings =
        OperatorSettings.embedded(DemoFleet.REGION, simulator.endpoint())
            .withTiming(
                new Timing(
                    Duration.ofMillis(500),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    Duration.ofMinutes(30),
                    Duration.ofSeconds(2)))
            .withInventoryRefresh(Duration.ofSeconds(2));
    assertThat(settings.leaderElection()).isFalse();
    operator = new FleetdeployOperator(client, settings, AwsFleetServices.create(aws)).start();
  }

  private static void applyCrds() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(REPOSITORY.resolve("crds"))) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSize(3);
    for (Path file : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      }
      client.resource(crd).create();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              cond ->
                                  "Established".equals(cond.getType())
                                      && "True".equals(cond.getStatus())),
              60,
              TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (aws != null) {
      aws.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theDemoStoryRollsOutThroughARealApiServer() throws Exception {
    List<ManifestFile> story =
        new ManifestReader().readDirectory(REPOSITORY.resolve("samples/demo"));
    ManifestApplier applier = new ManifestApplier(client);
    applier.apply(story.get(0));
    applier.apply(story.get(1));

    DeploymentGroup onV1 = awaitGroup(g -> converged(g, "demo-web-v1.tgz"));
    assertThat(onV1.getStatus().getInstanceCount()).isEqualTo(4);
    assertThat(onV1.getStatus().getLifecycleHooks())
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.getState())
                    .isEqualTo(io.fleetdeploy.api.v1alpha1.HookState.Installed));

    applier.apply(story.get(2));
    DeploymentGroup onV2 = awaitGroup(g -> converged(g, "demo-web-v2.tgz"));

    List<Deployment> deployments =
        client.resources(Deployment.class).inNamespace(DemoFleet.NAMESPACE).list().getItems();
    assertThat(deployments)
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
              assertThat(d.getStatus().getInstances()).hasSize(4);
            });
    assertThat(onV2.getStatus().getInstances())
        .hasSize(4)
        .allSatisfy(
            i ->
                assertThat(i.getRevision())
                    .isEqualTo(
                        onV2.getStatus().getLastSuccessfulRevision().getSha256().substring(0, 12)));
  }

  private static boolean converged(DeploymentGroup g, String key) {
    return g.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "Converged".equals(c.getReason()))
        && g.getStatus().getLastSuccessfulRevision() != null
        && key.equals(g.getStatus().getLastSuccessfulRevision().getS3().getKey());
  }

  private static DeploymentGroup awaitGroup(Predicate<DeploymentGroup> condition) {
    return await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                client
                    .resources(DeploymentGroup.class)
                    .inNamespace(DemoFleet.NAMESPACE)
                    .withName("web")
                    .get(),
            g ->
                g != null
                    && g.getStatus() != null
                    && g.getStatus().getConditions() != null
                    && g.getStatus().getObservedGeneration() != null
                    && g.getStatus().getObservedGeneration().equals(g.getMetadata().getGeneration())
                    && condition.test(g));
  }
}
