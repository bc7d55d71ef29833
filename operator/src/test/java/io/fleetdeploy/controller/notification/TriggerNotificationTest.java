package io.fleetdeploy.controller.notification;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.api.v1alpha1.Trigger;
import io.fleetdeploy.api.v1alpha1.TriggerEvent;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.Triggers;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import io.fleetdeploy.testing.fleet.InMemoryTopics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** DeploymentGroup triggers through the Deployment controller, on the in-memory fleet. */
class TriggerNotificationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TriggerEvent[] ALL = {
    TriggerEvent.DeploymentStart,
    TriggerEvent.DeploymentSuccess,
    TriggerEvent.DeploymentFailure,
    TriggerEvent.DeploymentStop,
    TriggerEvent.DeploymentRollback,
    TriggerEvent.InstanceStart,
    TriggerEvent.InstanceSuccess,
    TriggerEvent.InstanceFailure
  };
  private static EmbeddedApiServer api;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static ControllerHarness harness(TestInfo test) {
    return ControllerHarness.forTest(api, "", test);
  }

  private static DeploymentGroup group(
      ControllerHarness h, PredefinedDeploymentConfig config, Trigger... triggers) {
    DeploymentGroup g =
        Resources.group(h.namespace(), "web", "app", "web", Resources.predefined(config));
    g.getSpec().setTriggers(List.of(triggers));
    return g;
  }

  private static void deploy(ControllerHarness h, String name, String version) {
    h.create(
        Resources.deployment(
            h.namespace(), name, "web", BUCKET, h.uploadBundle("fleet-app", version)));
  }

  private static List<JsonNode> messages(InMemoryTopics topics) {
    List<JsonNode> out = new ArrayList<>();
    for (InMemoryTopics.Published p : topics.published()) {
      try {
        out.add(JSON.readTree(p.message()));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** What a message reports: its trigger's event, by the fields CodeDeploy's consumers read. */
  private static String what(JsonNode m) {
    if (m.has("instanceStatus")) {
      return m.get("instanceStatus").asText() + "#" + m.get("batch").asInt();
    }
    return m.get("status").asText();
  }

  @Test
  void anSnsTriggerGetsCodeDeploysJsonOncePerEventAndOneMessagePerBatch(TestInfo test)
      throws Exception {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      h.create(
          group(
              h,
              PredefinedDeploymentConfig.HalfAtATime,
              Triggers.sns("web-events", Triggers.TOPIC, ALL)));
      deploy(h, "web-r1", "r1");

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));
      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.aws().topics().published().size() == 6);
      h.runFor(Duration.ofMinutes(5));

      List<JsonNode> messages = messages(h.aws().topics());
      assertThat(messages.stream().map(TriggerNotificationTest::what))
          .containsExactly(
              "IN_PROGRESS",
              "InProgress#1",
              "Succeeded#1",
              "InProgress#2",
              "Succeeded#2",
              "SUCCEEDED");
      JsonNode end = messages.get(5);
      String id = "d-" + done.getMetadata().getUid();
      assertThat(end.get("region").asText()).isEqualTo("eu-west-1");
      assertThat(end.get("accountId").asText()).isEqualTo("123456789012");
      assertThat(end.get("eventTriggerName").asText()).isEqualTo("web-events");
      assertThat(end.get("applicationName").asText()).isEqualTo("fleet-app");
      assertThat(end.get("deploymentGroupName").asText()).isEqualTo("web");
      assertThat(end.get("deploymentId").asText()).isEqualTo(id);
      assertThat(end.get("createTime").asText()).matches("[0-9]+\\.[0-9]{3}");
      assertThat(end.get("completeTime").asText()).matches("[0-9]+\\.[0-9]{3}");
      assertThat(JSON.readTree(end.get("deploymentOverview").asText()).get("Succeeded").asText())
          .isEqualTo("4");
      JsonNode batch = messages.get(2);
      assertThat(batch.get("instances")).hasSize(2);
      assertThat(batch.get("instanceId").asText())
          .startsWith("arn:aws:ec2:eu-west-1:123456789012:instance/i-");
      assertThat(batch.get("lastUpdatedAt").asText()).matches("[0-9]+\\.[0-9]{3}");
      assertThat(batch.get("lifecycleEvents").isArray()).isTrue();
      assertThat(h.aws().topics().published())
          .allSatisfy(p -> assertThat(p.topicArn()).isEqualTo(Triggers.TOPIC))
          .allSatisfy(p -> assertThat(p.subject().length()).isLessThanOrEqualTo(100));
      assertThat(done.getStatus().getNotifications().getInstanceEndBatches()).isEqualTo(2);
    }
  }

  @Test
  void onlyTheEventsATriggerListsAreSent(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.create(
          group(
              h,
              PredefinedDeploymentConfig.AllAtOnce,
              Triggers.sns("ends", Triggers.TOPIC, TriggerEvent.DeploymentSuccess)));
      deploy(h, "web-r1", "r1");
      h.awaitFinished("web-r1", Duration.ofMinutes(10));
      await().atMost(Duration.ofSeconds(10)).until(() -> !h.aws().topics().published().isEmpty());
      h.runFor(Duration.ofMinutes(1));

      assertThat(messages(h.aws().topics()).stream().map(TriggerNotificationTest::what))
          .containsExactly("SUCCEEDED");
    }
  }

  @Test
  void aFailureWithRollbackSendsInstanceFailureDeploymentFailureAndDeploymentRollback(TestInfo test)
      throws Exception {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.create(
          Resources.withAutoRollback(
              group(
                  h,
                  PredefinedDeploymentConfig.OneAtATime,
                  Triggers.sns(
                      "failures",
                      Triggers.TOPIC,
                      TriggerEvent.InstanceFailure,
                      TriggerEvent.DeploymentFailure,
                      TriggerEvent.DeploymentRollback)),
              RollbackEvent.DeploymentFailure));
      deploy(h, "web-r1", "r1");
      Deployment r1 = h.awaitFinished("web-r1", Duration.ofMinutes(10));
      String good = r1.getStatus().getRevision().getSha256();
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.forRevision(
                  good,
                  HostBehaviour.succeedAfter(Duration.ofSeconds(2)),
                  HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(2))));
      deploy(h, "web-r2", "r2");
      Deployment failed = h.awaitFinished("web-r2", Duration.ofMinutes(10));
      assertThat(failed.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.aws().topics().published().size() >= 3);
      h.runFor(Duration.ofMinutes(1));

      List<JsonNode> messages = messages(h.aws().topics());
      assertThat(messages.stream().map(TriggerNotificationTest::what))
          .contains("Failed#1", "FAILED")
          .hasSize(3);
      JsonNode failure =
          messages.stream()
              .filter(m -> "FAILED".equals(m.path("status").asText()))
              .findFirst()
              .orElseThrow();
      assertThat(JSON.readTree(failure.get("errorInformation").asText()).get("ErrorCode").asText())
          .isEqualTo("HEALTH_CONSTRAINTS");
      assertThat(h.aws().topics().published().stream().map(InMemoryTopics.Published::subject))
          .anyMatch(s -> s.startsWith("ROLLBACK"));
    }
  }

  @Test
  void aHangingOrFailingDestinationNeverHoldsUpTheRolloutAndFailedSendsAreRetried(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.create(
          group(
              h, PredefinedDeploymentConfig.OneAtATime, Triggers.sns("all", Triggers.TOPIC, ALL)));
      h.aws().topics().hang();
      deploy(h, "web-r1", "r1");

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(h.aws().topics().published()).isEmpty();
      h.aws().topics().failNext(1);
      h.aws().topics().release();
      // 1 start, 2 x (InstanceStart, InstanceSuccess), 1 end; the first send fails and is retried.
      await().atMost(Duration.ofSeconds(20)).until(() -> h.aws().topics().published().size() == 6);
    }
  }

  @Test
  void aWebhookGetsTheJsonPostedToTheUrlInItsSecret(TestInfo test) throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try (ControllerHarness h = harness(test)) {
      h.client()
          .secrets()
          .inNamespace(h.namespace())
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("hook-url")
                  .withNamespace(h.namespace())
                  .endMetadata()
                  .withStringData(
                      Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook"))
                  .build())
          .create();
      h.aws().addInstances(1, Map.of("app", "web"));
      h.create(
          group(
              h,
              PredefinedDeploymentConfig.AllAtOnce,
              Triggers.webhook(
                  "chat",
                  "hook-url",
                  TriggerEvent.DeploymentStart,
                  TriggerEvent.DeploymentSuccess)));
      deploy(h, "web-r1", "r1");
      h.awaitFinished("web-r1", Duration.ofMinutes(10));

      await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 2);
      JsonNode end = JSON.readTree(bodies.get(1));
      assertThat(end.get("eventTriggerName").asText()).isEqualTo("chat");
      assertThat(end.get("status").asText()).isEqualTo("SUCCEEDED");
    } finally {
      server.stop(0);
    }
  }
}
