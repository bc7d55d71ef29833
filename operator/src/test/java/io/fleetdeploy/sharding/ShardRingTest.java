package io.fleetdeploy.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardRingTest {
  private static final List<String> KEYS =
      IntStream.range(0, 3000).mapToObj(i -> "team-" + (i % 7) + "/app-" + i).toList();

  @Test
  void everyReplicaComputesTheSameOwnerWhateverOrderItWasGivenTheShards() {
    ShardRing one = ShardRing.of(List.of("shard-0", "shard-1", "shard-2"));
    ShardRing other = ShardRing.of(List.of("shard-2", "shard-0", "shard-1"));

    assertThat(KEYS).allSatisfy(k -> assertThat(one.ownerOf(k)).isEqualTo(other.ownerOf(k)));
  }

  @Test
  void keysSpreadOverTheShardsRoughlyEvenly() {
    ShardRing ring = ShardRing.of(List.of("shard-0", "shard-1", "shard-2"));
    Map<String, Integer> counts = new HashMap<>();
    KEYS.forEach(k -> counts.merge(ring.ownerOf(k), 1, Integer::sum));

    assertThat(counts).containsOnlyKeys("shard-0", "shard-1", "shard-2");
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
  }

  @Test
  void addingAShardMovesOnlyKeysToTheNewShard() {
    ShardRing three = ShardRing.of(List.of("shard-0", "shard-1", "shard-2"));
    ShardRing four = ShardRing.of(List.of("shard-0", "shard-1", "shard-2", "shard-3"));

    List<String> moved =
        KEYS.stream().filter(k -> !three.ownerOf(k).equals(four.ownerOf(k))).toList();

    assertThat(moved).allSatisfy(k -> assertThat(four.ownerOf(k)).isEqualTo("shard-3"));
    assertThat(moved.size()).isBetween(KEYS.size() / 4 - 150, KEYS.size() / 4 + 150);
  }

  @Test
  void badShardNamesAreRefusedByName() {
    assertThatThrownBy(() -> ShardRing.of(List.of("shard-0", "Shard 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Shard 1'")
        .hasMessageContaining("label value");
    assertThatThrownBy(() -> ShardRing.of(List.of("a", "b", "a")))
        .hasMessageContaining("'a' is listed twice");
    assertThatThrownBy(() -> ShardRing.of(List.of())).hasMessageContaining("at least one shard");
  }

  @Test
  void anObjectMovesOnlyWhenNothingOfItIsInProgressOrItsShardIsGone() {
    ShardRing ring = ShardRing.of(List.of("a", "b"));
    String key = KEYS.stream().filter(k -> ring.ownerOf(k).equals("a")).findFirst().orElseThrow();

    assertThat(ShardMove.decide(ring, key, null, true)).isEqualTo(ShardMove.ASSIGN);
    assertThat(ShardMove.decide(ring, key, "a", true)).isEqualTo(ShardMove.KEEP);
    assertThat(ShardMove.decide(ring, key, "b", true)).isEqualTo(ShardMove.HOLD);
    assertThat(ShardMove.decide(ring, key, "b", false)).isEqualTo(ShardMove.MOVE);
    assertThat(ShardMove.decide(ring, key, "removed", true)).isEqualTo(ShardMove.MOVE);
  }
}
