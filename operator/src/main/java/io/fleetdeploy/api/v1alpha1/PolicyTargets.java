package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The instances a FleetPolicy's namespaces may target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyTargets {

  @JsonPropertyDescription(
      "EC2 tags their groups may filter on (ec2TagFilters, ec2TagSet). A group's filter is allowed when a rule"
          + " here has its key (or \"*\") and its value (no values: any value).")
  @Size(max = 100)
  private List<PolicyTag> ec2Tags;

  @JsonPropertyDescription(
      "Tags of SSM managed (on-premises) instances their groups may filter on, as ec2Tags.")
  @Size(max = 100)
  private List<PolicyTag> onPremisesTags;

  @JsonPropertyDescription("Auto Scaling groups they may target: names, or prefixes ending in *.")
  @Size(max = 100)
  private List<@Size(min = 1, max = 255) String> autoScalingGroups;

  public List<PolicyTag> getEc2Tags() {
    return ec2Tags;
  }

  public void setEc2Tags(List<PolicyTag> ec2Tags) {
    this.ec2Tags = ec2Tags;
  }

  public List<PolicyTag> getOnPremisesTags() {
    return onPremisesTags;
  }

  public void setOnPremisesTags(List<PolicyTag> onPremisesTags) {
    this.onPremisesTags = onPremisesTags;
  }

  public List<String> getAutoScalingGroups() {
    return autoScalingGroups;
  }

  public void setAutoScalingGroups(List<String> autoScalingGroups) {
    this.autoScalingGroups = autoScalingGroups;
  }
}
