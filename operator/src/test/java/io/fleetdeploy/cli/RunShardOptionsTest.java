package io.fleetdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.operator.ShardSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code run --shard NAME --shards a,b}: both or neither, and the shard one of the list. */
class RunShardOptionsTest {
  @Test
  void aShardOfTheListIsThisReplicasAndItsSelectorNamesIt() {
    ShardSettings sharding =
        parse("--shard", "shard-1", "--shards", "shard-0, shard-1").shardSettings();

    assertThat(sharding.shard()).contains("shard-1");
    assertThat(sharding.shards()).containsExactly("shard-0", "shard-1");
    assertThat(sharding.labelSelector()).contains("fleetdeploy.io/shard=shard-1");
    assertThat(parse().shardSettings().sharded()).isFalse();
  }

  @Test
  void contradictoryShardOptionsAreRefusedByName() {
    assertThatThrownBy(() -> parse("--shard", "x").shardSettings())
        .hasMessageContaining("--shard x needs --shards");
    assertThatThrownBy(() -> parse("--shards", "a,b").shardSettings())
        .hasMessageContaining("--shards needs --shard");
    assertThatThrownBy(() -> parse("--shard", "c", "--shards", "a,b").shardSettings())
        .hasMessageContaining("shard 'c' is not one of the configured shards [a, b]");
    assertThatThrownBy(() -> parse("--shard", "a", "--shards", "a,B C").shardSettings())
        .hasMessageContaining("'B C' is not a valid label value");
  }

  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run;
  }
}
