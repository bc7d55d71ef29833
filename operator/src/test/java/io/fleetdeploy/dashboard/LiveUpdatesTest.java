package io.fleetdeploy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

/** Which changes a reconnecting stream is given, and when it is told to reload instead. */
class LiveUpdatesTest {
  private static ConfigMap object(String name, long version) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName(name)
        .withResourceVersion(Long.toString(version))
        .endMetadata()
        .build();
  }

  private final LiveUpdates updates = new LiveUpdates(3, 2, (type, o) -> o.getMetadata().getName());

  @Test
  void aStreamResumingAfterAVersionGetsTheLaterChangesInOrder() {
    updates.publish(Change.Type.ADDED, object("a", 10));
    updates.publish(Change.Type.MODIFIED, object("b", 11));
    updates.publish(Change.Type.MODIFIED, object("c", 12));

    LiveUpdates.Subscription s = updates.subscribe("10");

    assertThat(s.reset).isFalse();
    assertThat(s.missed).extracting(Change::json).containsExactly("b", "c");
    assertThat(s.missed.get(0).frame()).isEqualTo("id: 11\nevent: change\ndata: b\n\n");
  }

  @Test
  void aStreamResumingFromBeforeWhatIsKeptIsToldToReload() {
    for (int v = 1; v <= 5; v++) {
      updates.publish(Change.Type.MODIFIED, object("x" + v, v));
    }

    assertThat(updates.subscribe("1").reset).isTrue();
    assertThat(updates.subscribe("not-a-number").reset).isTrue();
  }

  @Test
  void aFreshStreamGetsOnlyNewChangesAndTooManyStreamsAreRefused() {
    updates.publish(Change.Type.ADDED, object("old", 1));
    LiveUpdates.Subscription s = updates.subscribe(null);
    updates.publish(Change.Type.MODIFIED, object("new", 2));

    assertThat(s.missed).isEmpty();
    assertThat(s.changes.poll().json()).isEqualTo("new");
    assertThat(updates.subscribe(null)).isNotNull();
    assertThat(updates.subscribe(null)).as("a third stream, two allowed").isNull();
    updates.unsubscribe(s);
    assertThat(updates.subscribe(null)).isNotNull();
  }
}
