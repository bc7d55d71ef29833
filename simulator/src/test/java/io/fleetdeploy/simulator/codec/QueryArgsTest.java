package io.fleetdeploy.simulator.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryArgsTest {

  @Test
  void ec2StyleListsAndStructures() {
    QueryArgs args =
        QueryArgs.parseForm(
            "Action=DescribeInstances&Filter.2.Name=tag%3Aapp&Filter.2.Value.1=web"
                + "&Filter.1.Name=instance-state-name&Filter.1.Value.2=stopped&Filter.1.Value.1=running"
                + "&InstanceId.10=i-b&InstanceId.2=i-a");
    List<QueryArgs> filters = args.structs("Filter");
    assertThat(filters)
        .extracting(f -> f.get("Name"))
        .containsExactly("instance-state-name", "tag:app");
    assertThat(filters.get(0).list("Value")).containsExactly("running", "stopped");
    assertThat(args.list("InstanceId")).containsExactly("i-a", "i-b");
  }

  @Test
  void queryProtocolMemberListsAndNestedStructures() {
    QueryArgs args =
        QueryArgs.parseForm(
            "Tags.member.1.Key=app&Tags.member.1.Value=a+b%2Bc"
                + "&AvailabilityZones.member.1=eu-west-1a&LaunchTemplate.LaunchTemplateName=lt&LaunchTemplate.Version=%24Latest");
    assertThat(args.structs("Tags.member").get(0).get("Value")).isEqualTo("a b+c");
    assertThat(args.list("AvailabilityZones.member")).containsExactly("eu-west-1a");
    assertThat(args.struct("LaunchTemplate").asMap())
        .containsEntry("LaunchTemplateName", "lt")
        .containsEntry("Version", "$Latest");
  }

  @Test
  void malformedEncodingIsNamed() {
    assertThatThrownBy(() -> QueryArgs.parseForm("a=%zz")).hasMessageContaining("'%zz'");
  }
}
