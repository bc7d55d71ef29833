package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What watchers of the embedded API server receive, read off the wire: each change as the event
 * text the Fabric8 store sent (the stored object read as a generic resource and written in a
 * WatchEvent), to every watch whose selection it concerns, in order; a watch that opens first gets
 * what it selects as ADDED.
 */
class WatchStreamsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("test.fleetdeploy.io")
          .withVersion("v1")
          .withPlural("widgets")
          .withKind("Widget")
          .withNamespaced(true)
          .build();

  private EmbeddedApiServer api;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<WebSocket> sockets = new ArrayList<>();

  static CustomResourceDefinition widgetCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("widgets.test.fleetdeploy.io")
        .endMetadata()
        .withNewSpec()
        .withGroup("test.fleetdeploy.io")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .withSingular("widget")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(0, List.of(widgetCrd()));
    client = api.client();
    for (String ns : List.of("a", "b")) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  @AfterEach
  void stop() {
    sockets.forEach(s -> s.abort());
    api.close();
  }

  /** The raw text frames of a watch, as they come. */
  private List<String> watch(String query) throws Exception {
    List<String> frames = new CopyOnWriteArrayList<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(api.url().replace("http://", "ws://") + query),
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      frames.add(partial.toString());
                      partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    sockets.add(socket);
    return frames;
  }

  /** The object as the server stores it (a GET answers the stored text). */
  private String stored(String ns, String name) throws Exception {
    HttpResponse<String> got =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        api.url()
                            + "/apis/test.fleetdeploy.io/v1/namespaces/"
                            + ns
                            + "/widgets/"
                            + name))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(got.statusCode()).isEqualTo(200);
    return got.body();
  }

  /** The event text the Fabric8 store's own watch listener wrote for this stored object. */
  @SuppressWarnings("deprecation")
  private static String event(String type, String storedObject) throws Exception {
    return Serialization.jsonMapper()
        .writeValueAsString(
            new WatchEvent(
                Serialization.unmarshal(storedObject, GenericKubernetesResource.class), type));
  }

  private GenericKubernetesResource widget(String ns, String name, String color) {
    GenericKubernetesResource w = new GenericKubernetesResource();
    w.setApiVersion("test.fleetdeploy.io/v1");
    w.setKind("Widget");
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    w.setAdditionalProperty("spec", Map.of("color", color));
    return w;
  }

  private static void await(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.get() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.get()).as("condition within 10 s").isTrue();
  }

  @Test
  void everyWatchGetsTheStoresEventTextForTheChangesItSelects() throws Exception {
    List<String> first = watch("/apis/test.fleetdeploy.io/v1/namespaces/a/widgets?watch=true");
    List<String> second = watch("/apis/test.fleetdeploy.io/v1/namespaces/a/widgets?watch=true");
    List<String> named =
        watch(
            "/apis/test.fleetdeploy.io/v1/namespaces/a/widgets?watch=true"
                + "&fieldSelector=metadata.name%3Dw2");
    List<String> other = watch("/apis/test.fleetdeploy.io/v1/namespaces/b/widgets?watch=true");
    var widgets = client.genericKubernetesResources(WIDGETS).inNamespace("a");

    List<String> expected = new ArrayList<>();
    List<String> expectedNamed = new ArrayList<>();
    widgets.resource(widget("a", "w1", "red")).create();
    expected.add(event("ADDED", stored("a", "w1")));
    widgets.resource(widget("a", "w2", "blue")).create();
    expected.add(event("ADDED", stored("a", "w2")));
    expectedNamed.add(expected.get(1));
    widgets
        .withName("w1")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"Ready\",\"n\":[1,2.5]}}]");
    expected.add(event("MODIFIED", stored("a", "w1")));
    GenericKubernetesResource w2 = widgets.withName("w2").get();
    w2.setAdditionalProperty("spec", Map.of("color", "green"));
    widgets.resource(w2).update();
    expected.add(event("MODIFIED", stored("a", "w2")));
    expectedNamed.add(expected.get(3));
    String lastOfW1 = stored("a", "w1");
    widgets.withName("w1").delete();
    expected.add(event("DELETED", lastOfW1));

    await(() -> first.size() == 5 && second.size() == 5 && named.size() == 2);
    assertThat(first).containsExactlyElementsOf(expected);
    assertThat(second).containsExactlyElementsOf(expected);
    assertThat(named).containsExactlyElementsOf(expectedNamed);
    Thread.sleep(200);
    assertThat(other).isEmpty();
  }

  @Test
  void aWatchOpeningAmidWritesGetsTheObjectsAsAddedThenEveryLaterChangeInOrder() throws Exception {
    var widgets = client.genericKubernetesResources(WIDGETS).inNamespace("a");
    widgets.resource(widget("a", "w1", "red")).create();
    widgets.resource(widget("a", "w2", "red")).create();
    List<List<String>> watches = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 8 == 0) {
        watches.add(watch("/apis/test.fleetdeploy.io/v1/namespaces/a/widgets?watch=true"));
      }
      widgets
          .withName("w1")
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"round\":" + i + "}}]");
    }
    String last = event("MODIFIED", stored("a", "w1"));
    for (List<String> frames : watches) {
      await(() -> !frames.isEmpty() && frames.get(frames.size() - 1).equals(last));
      List<JsonNode> events = new ArrayList<>();
      for (String frame : frames) {
        events.add(JSON.readTree(frame));
      }
      // Both objects first, as ADDED; then only MODIFIED of w1, each newer than the one before.
      assertThat(events.subList(0, 2))
          .extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
          .containsExactlyInAnyOrder("ADDED w1", "ADDED w2");
      long version = 0;
      for (JsonNode e : events) {
        if (e.at("/object/metadata/name").asText().equals("w1")) {
          long v = Long.parseLong(e.at("/object/metadata/resourceVersion").asText());
          assertThat(v).isGreaterThan(version);
          version = v;
        }
      }
      assertThat(events.subList(2, events.size()))
          .allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("MODIFIED"));
    }
  }

  @Test
  void aJsonPatchOfTheStatusStoresWhatItSaysAndOneEndingTheSameChangesNothing() throws Exception {
    var widgets = client.genericKubernetesResources(WIDGETS).inNamespace("a");
    widgets.resource(widget("a", "w1", "red")).create();
    String patch =
        "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"Ready\",\"list\":[1,2]}},"
            + "{\"op\":\"add\",\"path\":\"/status/list/-\",\"value\":3},"
            + "{\"op\":\"test\",\"path\":\"/status/phase\",\"value\":\"Ready\"}]";
    GenericKubernetesResource once =
        widgets.withName("w1").subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    assertThat(once.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Ready", "list", List.of(1, 2, 3)));
    assertThat(once.getAdditionalProperties().get("spec")).isEqualTo(Map.of("color", "red"));
    JsonNode storedOnce = JSON.readTree(stored("a", "w1"));
    assertThat(storedOnce.path("status"))
        .isEqualTo(JSON.readTree("{\"phase\":\"Ready\",\"list\":[1,2,3]}"));

    String replace =
        "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":{\"phase\":\"Ready\",\"list\":[1,2]}},"
            + "{\"op\":\"add\",\"path\":\"/status/list/-\",\"value\":3}]";
    widgets.withName("w1").subresource("status").patch(PatchContext.of(PatchType.JSON), replace);
    JsonNode storedTwice = JSON.readTree(stored("a", "w1"));
    assertThat(storedTwice).isEqualTo(storedOnce);
  }
}
