package io.fleetdeploy.dashboard;

import static io.fleetdeploy.dashboard.DashboardFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.embedded.AccessPolicy;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actions through the dashboard: only when enabled, only for a user the proxy names, only what a
 * SubjectAccessReview allows that user; each writes a spec and records who and why.
 */
class DashboardActionsTest {
  private static final String NS = "acts";
  private static final List<AccessPolicy.Request> REVIEWS = new CopyOnWriteArrayList<>();
  private static EmbeddedApiServer api;
  private static Dashboard actions;
  private static Dashboard readOnly;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0);
    // alice may change fleetdeploy objects in this namespace; bob may only look.
    api.access(
        request -> {
          REVIEWS.add(request);
          return request.user().equals("alice")
              && request.namespace().equals(NS)
              && request.group().equals("fleetdeploy.io");
        });
    var client = api.client();
    DashboardFixture.group(client, NS, "web", 4, "web-declared");
    DashboardFixture.deployment(client, NS, "web-run", "web", 4, DeploymentPhase.InProgress);
    DashboardFixture.deployment(client, NS, "web-run2", "web", 4, DeploymentPhase.InProgress);
    // Never stopped: the refusals are checked on it.
    DashboardFixture.deployment(client, NS, "web-keep", "web", 4, DeploymentPhase.InProgress);
    DashboardFixture.deployment(client, NS, "web-done", "web", 4, DeploymentPhase.Succeeded);
    DashboardFixture.deployment(client, NS, "web-declared", "web", 4, DeploymentPhase.Failed);
    actions = Dashboard.start(client, DashboardSettings.readOnly(0).withActions(true));
    readOnly = Dashboard.start(client, DashboardSettings.readOnly(0));
    await().atMost(Duration.ofSeconds(30)).until(() -> actions.synced() && readOnly.synced());
  }

  @AfterAll
  static void stop() {
    actions.close();
    readOnly.close();
    api.close();
  }

  private static Deployment deployment(String name) {
    return api.client().resources(Deployment.class).inNamespace(NS).withName(name).get();
  }

  private static String error(HttpResponse<String> response) throws Exception {
    return DashboardJson.MAPPER.readTree(response.body()).path("error").asText();
  }

  private static List<Event> eventsAbout(String name) {
    return api.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name))
        .toList();
  }

  @Test
  void aReadOnlyDashboardRefusesEveryAction() throws Exception {
    HttpResponse<String> r =
        post(
            readOnly.port(),
            "/api/v1/namespaces/acts/deployments/web-keep/stop",
            "alice",
            "{\"reason\":\"x\"}");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(error(r)).contains("read-only", "--ui-actions");
    assertThat(deployment("web-keep").getSpec().getStop()).isNull();
  }

  @Test
  void withoutTheProxysUserHeaderAnActionIsRefused() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deployments/web-keep/stop",
            null,
            "{\"reason\":\"x\"}");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(error(r)).contains("X-Forwarded-User");
    assertThat(deployment("web-keep").getSpec().getStop()).isNull();
  }

  @Test
  void aUserTheApiServerDoesNotAllowIsRefusedAndNothingChanges() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deployments/web-keep/stop",
            "bob",
            "{\"reason\":\"I want to\"}");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(error(r)).isEqualTo("bob may not patch deployments web-keep in namespace acts");
    assertThat(deployment("web-keep").getSpec().getStop()).isNull();
    assertThat(REVIEWS)
        .contains(
            new AccessPolicy.Request(
                "bob",
                List.of("shop-team"),
                "patch",
                "fleetdeploy.io",
                "deployments",
                NS,
                "web-keep"));
  }

  @Test
  void anAllowedStopWritesTheSpecAndRecordsWhoAndWhy() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deployments/web-run/stop",
            "alice",
            "{\"reason\":\"bad config in 2.0\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Deployment d = deployment("web-run");
    assertThat(d.getSpec().getStop()).isTrue();
    assertThat(d.getSpec().getAutoRollback()).isNull();
    assertThat(d.getStatus().getPhase())
        .as("status untouched")
        .isEqualTo(DeploymentPhase.InProgress);
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry(ActionAudit.REQUESTED_BY, "alice")
        .containsEntry(ActionAudit.REQUESTED_ACTION, "stop")
        .containsEntry(ActionAudit.REQUEST_REASON, "bad config in 2.0")
        .containsKey(ActionAudit.REQUESTED_AT);
    assertThat(eventsAbout("web-run"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("StopRequested");
              assertThat(e.getMessage()).contains("alice", "bad config in 2.0");
            });
  }

  @Test
  void stopAndRollBackAlsoTurnsOnRollbackOnAStop() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deployments/web-run2/stop",
            "alice",
            "{\"reason\":\"errors\",\"rollback\":true}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Deployment d = deployment("web-run2");
    assertThat(d.getSpec().getStop()).isTrue();
    assertThat(d.getSpec().getAutoRollback().getEnabled()).isTrue();
    assertThat(d.getSpec().getAutoRollback().getEvents())
        .contains(RollbackEvent.DeploymentStopOnRequest);
  }

  @Test
  void aFinishedDeploymentCannotBeStoppedAndAReasonIsRequired() throws Exception {
    HttpResponse<String> done =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deployments/web-done/stop",
            "alice",
            "{\"reason\":\"x\"}");
    assertThat(done.statusCode()).isEqualTo(409);
    assertThat(error(done)).contains("is Succeeded: nothing to stop");

    HttpResponse<String> noReason =
        post(actions.port(), "/api/v1/namespaces/acts/deployments/web-done/stop", "alice", "{}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(error(noReason)).contains("reason");
  }

  @Test
  void retryRaisesTheGroupsRetryWhenItsDeclaredRevisionFailed() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deploymentgroups/web/retry",
            "alice",
            "{\"reason\":\"fixed the security group\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    DeploymentGroup g =
        api.client().resources(DeploymentGroup.class).inNamespace(NS).withName("web").get();
    assertThat(g.getSpec().getRetry()).isEqualTo(1);
    assertThat(g.getMetadata().getAnnotations()).containsEntry(ActionAudit.REQUESTED_BY, "alice");
    assertThat(eventsAbout("web"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RetryRequested"));
  }

  @Test
  void rollBackCreatesADeploymentOfTheLastGoodRevisionPinned() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deploymentgroups/web/rollback",
            "alice",
            "{\"reason\":\"2.0 is broken\",\"of\":\"web-declared\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String name = DashboardJson.MAPPER.readTree(r.body()).path("name").asText();
    assertThat(name).startsWith("web-rollback-");
    Deployment created = deployment(name);
    assertThat(created.getSpec().getDeploymentGroupRef().getName()).isEqualTo("web");
    assertThat(created.getSpec().getRevision().getS3().getKey()).isEqualTo("web-1.tgz");
    assertThat(created.getSpec().getRevision().getS3().getSha256()).isEqualTo("1a2b3c4d5e6f");
    assertThat(created.getSpec().getRevision().getS3().getVersion()).isEqualTo("v1");
    assertThat(created.getMetadata().getAnnotations())
        .containsEntry(Labels.ROLLBACK_OF, "web-declared")
        .containsEntry(ActionAudit.REQUESTED_BY, "alice")
        .containsEntry(ActionAudit.REQUEST_REASON, "2.0 is broken");
    assertThat(eventsAbout(name))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RollbackRequested"));
  }

  @Test
  void bobCannotRollBackEither() throws Exception {
    HttpResponse<String> r =
        post(
            actions.port(),
            "/api/v1/namespaces/acts/deploymentgroups/web/rollback",
            "bob",
            "{\"reason\":\"x\"}");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(error(r)).isEqualTo("bob may not create deployments in namespace acts");
  }
}
