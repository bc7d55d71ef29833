package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What sharded replicas rely on from the embedded API server, as from a real one: lists and watches
 * by label selector (equality and "label absent"), and an informer that sees an object leave its
 * selector when the label changes (a real watch sends DELETED then).
 */
class EmbeddedLabelSelectorTest {
  private static final String SHARD = "fleetdeploy.io/shard";

  @Test
  void listsByLabelValueAndByLabelAbsent() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      create(api, "a1", Map.of(SHARD, "a"));
      create(api, "b1", Map.of(SHARD, "b"));
      create(api, "none", Map.of("other", "x"));

      assertThat(
              names(
                  api.client()
                      .configMaps()
                      .inNamespace("ns")
                      .withLabel(SHARD, "a")
                      .list()
                      .getItems()))
          .containsExactly("a1");
      assertThat(
              names(
                  api.client()
                      .configMaps()
                      .inNamespace("ns")
                      .withoutLabel(SHARD)
                      .list()
                      .getItems()))
          .containsExactly("none");
      // As in Kubernetes, "notin" also selects the objects without the label.
      assertThat(
              names(
                  api.client()
                      .configMaps()
                      .inNamespace("ns")
                      .withLabelSelector(SHARD + " notin (a,c)")
                      .list()
                      .getItems()))
          .containsExactly("b1", "none");
      assertThat(
              names(
                  api.client()
                      .configMaps()
                      .inNamespace("ns")
                      .withLabelSelector(SHARD + " in (a,b)")
                      .list()
                      .getItems()))
          .containsExactly("a1", "b1");
      assertThat(
              names(
                  api.client()
                      .configMaps()
                      .inAnyNamespace()
                      .withLabelSelector("fleetdeploy.io/shard=b")
                      .list()
                      .getItems()))
          .containsExactly("b1");
    }
  }

  @Test
  void aWatchBySelectorSeesAnObjectArriveAndLeaveWhenItsLabelChanges() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      List<String> events = new CopyOnWriteArrayList<>();
      Watch watch =
          api.client()
              .configMaps()
              .inAnyNamespace()
              .withLabel(SHARD, "a")
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                      events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
      try {
        create(api, "moving", Map.of(SHARD, "b"));
        label(api, "moving", "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("ADDED moving"));
        label(api, "moving", "b");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("DELETED moving"));
      } finally {
        watch.close();
      }
      assertThat(events).containsExactly("ADDED moving", "DELETED moving");
    }
  }

  @Test
  void anInformerBySelectorDropsAnObjectRelabelledAway() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      create(api, "kept", Map.of(SHARD, "a"));
      create(api, "moved", Map.of(SHARD, "a"));
      List<String> deleted = new CopyOnWriteArrayList<>();
      SharedIndexInformer<ConfigMap> informer =
          api.client().configMaps().inAnyNamespace().withLabel(SHARD, "a").inform();
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {}

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

            @Override
            public void onDelete(ConfigMap obj, boolean unknownFinalStateUnknown) {
              deleted.add(obj.getMetadata().getName());
            }
          });
      try {
        await().atMost(Duration.ofSeconds(5)).until(() -> informer.getStore().list().size() == 2);
        label(api, "moved", "b");
        await().atMost(Duration.ofSeconds(5)).until(() -> deleted.contains("moved"));
        assertThat(names(informer.getStore().list())).containsExactly("kept");
      } finally {
        informer.close();
      }
    }
  }

  private static void create(EmbeddedApiServer api, String name, Map<String, String> labels) {
    api.client()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns")
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static void label(EmbeddedApiServer api, String name, String shard) {
    api.client()
        .configMaps()
        .inNamespace("ns")
        .withName(name)
        .edit(
            c -> {
              c.getMetadata().getLabels().put(SHARD, shard);
              return c;
            });
  }

  private static List<String> names(List<ConfigMap> items) {
    return items.stream().map(c -> c.getMetadata().getName()).sorted().toList();
  }
}
