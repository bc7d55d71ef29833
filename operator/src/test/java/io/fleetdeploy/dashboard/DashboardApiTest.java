package io.fleetdeploy.dashboard;

import static io.fleetdeploy.dashboard.DashboardFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's JSON API and page against the embedded API server: what the informers hold,
 * shaped for the pages, with filters, paging, instance details, and the event log endpoint.
 */
class DashboardApiTest {
  private static final int BIG = 5_000;
  private static EmbeddedApiServer api;
  private static Dashboard dashboard;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0);
    var client = api.client();
    DashboardFixture.application(client, "shop", "shop");
    DashboardFixture.group(client, "shop", "web", BIG, null);
    DashboardFixture.group(client, "billing", "api", 4, null);
    DashboardFixture.deployment(client, "shop", "web-2", "web", BIG, DeploymentPhase.Failed);
    DashboardFixture.deployment(client, "shop", "web-3", "web", 10, DeploymentPhase.InProgress);
    DashboardFixture.deployment(client, "billing", "api-1", "api", 4, DeploymentPhase.Succeeded);
    dashboard = Dashboard.start(client, DashboardSettings.readOnly(0));
    await().atMost(Duration.ofSeconds(30)).until(() -> dashboard.synced());
  }

  @AfterAll
  static void stop() {
    dashboard.close();
    api.close();
  }

  private static JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(dashboard.port(), path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return DashboardJson.MAPPER.readTree(response.body());
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  @Test
  void theDeploymentsTableListsEveryNamespaceAndFiltersByNamespaceGroupAndPhase() throws Exception {
    JsonNode all = json("/api/v1/deployments");
    assertThat(names(all)).containsExactlyInAnyOrder("web-2", "web-3", "api-1");
    JsonNode row =
        all.path("items").findParents("name").stream()
            .filter(r -> r.path("name").asText().equals("web-2"))
            .findFirst()
            .orElseThrow();
    assertThat(row.path("phase").asText()).isEqualTo("Failed");
    assertThat(row.path("group").asText()).isEqualTo("web");
    assertThat(row.path("progress").asText()).isEqualTo((BIG - 1) + "/" + BIG);
    assertThat(row.path("creator").asText()).isEqualTo("user");
    assertThat(row.path("durationMs").asLong()).isEqualTo(90_000);
    assertThat(row.path("errorCode").asText()).isEqualTo("HEALTH_CONSTRAINTS");
    assertThat(row.path("revision").asText()).isEqualTo("bundles/web-2.tgz@9f8e7d6c");

    assertThat(names(json("/api/v1/deployments?namespace=billing"))).containsExactly("api-1");
    assertThat(names(json("/api/v1/deployments?group=web")))
        .containsExactlyInAnyOrder("web-2", "web-3");
    assertThat(names(json("/api/v1/deployments?phase=InProgress"))).containsExactly("web-3");
    assertThat(names(json("/api/v1/deployments?namespace=shop&phase=Succeeded"))).isEmpty();
  }

  @Test
  void aDeploymentComesWithoutItsInstancesButCountedAndWithBatches() throws Exception {
    JsonNode d = json("/api/v1/namespaces/shop/deployments/web-2");

    assertThat(d.path("status").has("instances")).isFalse();
    assertThat(d.path("status").path("batches").get(0).path("size").asInt()).isEqualTo(BIG / 2);
    assertThat(d.path("instanceCounts").path("Failed").asInt()).isEqualTo(1);
    assertThat(d.path("instanceCounts").path("Succeeded").asInt()).isEqualTo(BIG - 1);
    assertThat(d.path("groupLastSuccessfulRevision").asText())
        .isEqualTo("bundles/web-1.tgz@1a2b3c4d");
  }

  @Test
  void theInstanceTableOfFiveThousandInstancesIsPagedFilteredAndQuick() throws Exception {
    long start = System.nanoTime();
    JsonNode page = json("/api/v1/namespaces/shop/deployments/web-2/instances?offset=100&limit=50");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(page.path("total").asInt()).isEqualTo(BIG);
    assertThat(page.path("items")).hasSize(50);
    assertThat(page.path("items").get(0).path("id").asText())
        .isEqualTo(DashboardFixture.instanceId(100));
    assertThat(page.path("items").get(0).path("az").asText()).isEqualTo("eu-west-1a");
    assertThat(millis).as("one page of 5,000 instances").isLessThan(1_000);

    JsonNode failed = json("/api/v1/namespaces/shop/deployments/web-2/instances?status=Failed");
    assertThat(failed.path("total").asInt()).isEqualTo(1);
    JsonNode row = failed.path("items").get(0);
    assertThat(row.path("event").asText()).isEqualTo("ApplicationStart");
    assertThat(row.path("errorCode").asText()).isEqualTo("ScriptFailed");
    assertThat(row.path("durationMs").asLong()).isEqualTo(12_000);

    String third = DashboardFixture.instanceId(3);
    assertThat(
            json("/api/v1/namespaces/shop/deployments/web-2/instances?q=" + third)
                .path("total")
                .asInt())
        .isEqualTo(1);
    assertThat(
            get(dashboard.port(), "/api/v1/namespaces/shop/deployments/web-2/instances?limit=x")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void anInstanceHasEveryLifecycleEventAndTheLogEndpointGivesTheTailAndSaysWhereTheRestIs()
      throws Exception {
    String id = DashboardFixture.instanceId(0);
    JsonNode instance = json("/api/v1/namespaces/shop/deployments/web-2/instances/" + id);

    assertThat(instance.path("events")).hasSize(2);
    JsonNode start = instance.path("events").get(1);
    assertThat(start.path("name").asText()).isEqualTo("ApplicationStart");
    assertThat(start.path("status").asText()).isEqualTo("Failed");
    assertThat(start.path("durationMs").asLong()).isEqualTo(1500);
    assertThat(start.path("diagnostics").path("scriptName").asText()).isEqualTo("scripts/start.sh");
    assertThat(start.path("diagnostics").path("logTail").asText())
        .isEqualTo(DashboardFixture.LOG_TAIL);

    JsonNode log =
        json(
            "/api/v1/namespaces/shop/deployments/web-2/instances/"
                + id
                + "/events/ApplicationStart/log");
    assertThat(log.path("text").asText()).isEqualTo(DashboardFixture.LOG_TAIL);
    assertThat(log.path("complete").asBoolean()).isFalse();
    assertThat(log.path("note").asText()).contains("spec.logging");

    HttpResponse<String> missing =
        get(
            dashboard.port(),
            "/api/v1/namespaces/shop/deployments/web-2/instances/" + id + "/events/Install/log");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("keeps no event Install for instance " + id);
  }

  @Test
  void groupsCarryInventoryAndHistoryAndApplicationsTheirGroups() throws Exception {
    JsonNode group = json("/api/v1/namespaces/shop/deploymentgroups/web");
    assertThat(group.path("status").path("instances")).hasSize(BIG);
    assertThat(group.path("runningRevision").asText()).isEqualTo("bundles/web-1.tgz@1a2b3c4d");
    List<String> history = new ArrayList<>();
    group.path("history").forEach(r -> history.add(r.path("name").asText()));
    assertThat(history).containsExactlyInAnyOrder("web-2", "web-3");

    assertThat(names(json("/api/v1/deploymentgroups"))).containsExactly("api", "web");
    JsonNode apps = json("/api/v1/applications");
    assertThat(names(apps)).containsExactly("shop");
    assertThat(apps.path("items").get(0).path("groups").get(0).path("name").asText())
        .isEqualTo("web");
    assertThat(json("/api/v1/namespaces/shop/applications/shop").path("groups")).hasSize(1);
  }

  @Test
  void unknownObjectsAndPathsAreNamedInA404() throws Exception {
    HttpResponse<String> response =
        get(dashboard.port(), "/api/v1/namespaces/shop/deployments/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(DashboardJson.MAPPER.readTree(response.body()).path("error").asText())
        .isEqualTo("Deployment shop/nope not found");
    assertThat(get(dashboard.port(), "/api/v1/frobnicate").statusCode()).isEqualTo(404);
  }

  @Test
  void thePageAndItsScriptComeFromTheJarWithAContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get(dashboard.port(), "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
    HttpResponse<String> script = get(dashboard.port(), "/app.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get(dashboard.port(), "/style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void infoSaysTheDashboardIsReadOnly() throws Exception {
    JsonNode info = json("/api/v1/info");
    assertThat(info.path("actions").asBoolean()).isFalse();
    assertThat(info.path("synced").asBoolean()).isTrue();
    assertThat(info.path("namespaces").toString()).contains("billing", "shop");
  }
}
