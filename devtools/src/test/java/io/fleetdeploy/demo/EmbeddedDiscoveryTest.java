package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.Resources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The discovery documents the embedded API server publishes for kubectl, checked over plain HTTP
 * against the repository's CRDs (crds/*.yaml): groups, resources, short names, categories, verbs,
 * status subresources; and its server-side Tables and Event field selectors.
 */
class EmbeddedDiscoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  private static EmbeddedApiServer api;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void apisListsTheFleetdeployGroup() throws Exception {
    JsonNode groups = get("/apis", "application/json");

    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    JsonNode fleetdeploy =
        stream(groups.path("groups"))
            .filter(g -> g.path("name").asText().equals("fleetdeploy.io"))
            .findFirst()
            .orElseThrow();
    assertThat(fleetdeploy.path("versions").get(0).path("groupVersion").asText())
        .isEqualTo("fleetdeploy.io/v1alpha1");
    assertThat(fleetdeploy.path("preferredVersion").path("version").asText()).isEqualTo("v1alpha1");
  }

  @Test
  void theGroupVersionListsTheKindsAsTheCrdsDeclareThem() throws Exception {
    JsonNode list = get("/apis/fleetdeploy.io/v1alpha1", "application/json");
    assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
    List<JsonNode> resources = stream(list.path("resources")).toList();

    List<JsonNode> crds = crds();
    assertThat(crds).hasSize(4);
    for (JsonNode crd : crds) {
      boolean namespaced = crd.path("spec").path("scope").asText().equals("Namespaced");
      boolean hasStatus =
          crd.path("spec").path("versions").get(0).path("subresources").has("status");
      JsonNode names = crd.path("spec").path("names");
      JsonNode resource =
          resources.stream()
              .filter(r -> r.path("name").asText().equals(names.path("plural").asText()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no resource " + names.path("plural")));
      assertThat(resource.path("kind").asText()).isEqualTo(names.path("kind").asText());
      assertThat(resource.path("singularName").asText()).isEqualTo(names.path("singular").asText());
      assertThat(resource.path("namespaced").asBoolean()).isEqualTo(namespaced);
      assertThat(texts(resource.path("shortNames"))).isEqualTo(texts(names.path("shortNames")));
      assertThat(texts(resource.path("categories"))).isEqualTo(texts(names.path("categories")));
      assertThat(texts(resource.path("verbs")))
          .contains("get", "list", "watch", "create", "update", "patch", "delete");
      if (!hasStatus) {
        // FleetPolicy: cluster-scoped, no status, not in the fleetdeploy category of the workloads.
        assertThat(namespaced).isFalse();
        continue;
      }
      JsonNode status =
          resources.stream()
              .filter(
                  r -> r.path("name").asText().equals(names.path("plural").asText() + "/status"))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no status subresource of " + names.path("plural")));
      assertThat(texts(status.path("verbs"))).containsExactlyInAnyOrder("get", "patch", "update");
    }
    assertThat(resources).hasSize(7);
  }

  @Test
  void theCoreDocumentsKubectlReadsAreThere() throws Exception {
    assertThat(get("/api", "application/json").path("versions").get(0).asText()).isEqualTo("v1");
    assertThat(
            stream(get("/api/v1", "application/json").path("resources"))
                .map(r -> r.path("name").asText()))
        .contains("events", "namespaces");
    assertThat(get("/version", "application/json").path("major").asText()).isEqualTo("1");
    HttpResponse<String> openapi =
        HTTP.send(request("/openapi/v2", "application/json"), HttpResponse.BodyHandlers.ofString());
    assertThat(openapi.statusCode()).isEqualTo(404);
  }

  @Test
  void tablesShowTheCrdPrinterColumns() throws Exception {
    DeploymentGroup group =
        Resources.group(
            "tables",
            "web",
            "app",
            "web",
            Resources.predefined(PredefinedDeploymentConfig.OneAtATime));
    api.client().resource(group).create();
    DeploymentGroup stored =
        api.client().resources(DeploymentGroup.class).inNamespace("tables").withName("web").get();
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setInstanceCount(7);
    status.setConditions(
        List.of(
            DemoObjects.condition("Progressing", "False", "Idle"),
            DemoObjects.condition("Ready", "True", "Converged")));
    stored.setStatus(status);
    api.client().resource(stored).updateStatus();

    JsonNode table = get("/apis/fleetdeploy.io/v1alpha1/namespaces/tables/deploymentgroups", TABLE);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    List<String> columns =
        stream(table.path("columnDefinitions")).map(c -> c.path("name").asText()).toList();
    List<String> expected = new ArrayList<>(List.of("Name"));
    crd("deploymentgroups")
        .path("spec")
        .path("versions")
        .get(0)
        .path("additionalPrinterColumns")
        .forEach(c -> expected.add(c.path("name").asText()));
    assertThat(columns).isEqualTo(expected);
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").get(columns.indexOf("Name")).asText()).isEqualTo("web");
    assertThat(row.path("cells").get(columns.indexOf("Ready")).asText()).isEqualTo("True");
    assertThat(row.path("cells").get(columns.indexOf("Instances")).asInt()).isEqualTo(7);
    assertThat(row.path("cells").get(columns.indexOf("Age")).asText()).matches("\\d+s");
    assertThat(row.path("cells").get(columns.indexOf("Active")).isNull()).isTrue();
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");

    JsonNode plain =
        get("/apis/fleetdeploy.io/v1alpha1/namespaces/tables/deploymentgroups", "application/json");
    assertThat(plain.path("items").get(0).path("kind").asText()).isEqualTo("DeploymentGroup");
  }

  @Test
  void eventsAreFoundByTheObjectTheyAreAbout() throws Exception {
    Deployment d =
        api.client()
            .resource(Resources.deployment("events", "web-1", "web", "b", "k.tgz"))
            .create();
    for (String about : List.of("web-1", "web-2")) {
      api.client()
          .v1()
          .events()
          .inNamespace("events")
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(about + ".1")
                  .withNamespace("events")
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind("Deployment")
                  .withName(about)
                  .withNamespace("events")
                  .withUid(about.equals("web-1") ? d.getMetadata().getUid() : "other")
                  .endInvolvedObject()
                  .withReason("Started")
                  .withMessage("about " + about)
                  .withType("Normal")
                  .build())
          .create();
    }

    JsonNode found =
        get(
            "/api/v1/namespaces/events/events?fieldSelector=involvedObject.kind%3DDeployment,"
                + "involvedObject.name%3Dweb-1,involvedObject.uid%3D"
                + d.getMetadata().getUid()
                + "&limit=500",
            "application/json");

    assertThat(found.path("kind").asText()).isEqualTo("EventList");
    assertThat(stream(found.path("items")).map(e -> e.path("message").asText()))
        .containsExactly("about web-1");
    JsonNode table = get("/api/v1/namespaces/events/events", TABLE);
    assertThat(
            stream(table.path("columnDefinitions"))
                .filter(c -> c.path("priority").asInt() == 0)
                .map(c -> c.path("name").asText()))
        .containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
    assertThat(stream(table.path("rows")).map(r -> r.path("cells").get(3).asText()))
        .containsExactlyInAnyOrder("deployment/web-1", "deployment/web-2");
  }

  private static JsonNode get(String path, String accept) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(request(path, accept), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpRequest request(String path, String accept) {
    return HttpRequest.newBuilder(URI.create(api.url().replace("localhost", "127.0.0.1") + path))
        .header("Accept", accept)
        .GET()
        .build();
  }

  private static List<JsonNode> crds() throws IOException {
    Path dir = DemoInvocation.SAMPLES.getParent().resolve("crds");
    List<JsonNode> crds = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        crds.add(new YAMLMapper().readTree(file.toFile()));
      }
    }
    return crds;
  }

  private static JsonNode crd(String plural) throws IOException {
    return crds().stream()
        .filter(c -> c.path("spec").path("names").path("plural").asText().equals(plural))
        .findFirst()
        .orElseThrow();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static List<String> texts(JsonNode array) {
    return stream(array).map(JsonNode::asText).toList();
  }
}
