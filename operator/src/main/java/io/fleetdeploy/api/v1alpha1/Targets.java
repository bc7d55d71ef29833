package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which instances a deployment group deploys to. The sets are combined (union). */
@ValidationRule(
    value =
        "!(has(self.ec2TagFilters) && size(self.ec2TagFilters) > 0 && has(self.ec2TagSet) && size(self.ec2TagSet) > 0)",
    message = "ec2TagFilters and ec2TagSet are exclusive: use one or the other")
@ValidationRule(
    value = "!has(self.ec2TagSet) || self.ec2TagSet.all(g, size(g) >= 1 && size(g) <= 100)",
    message = "each list of ec2TagSet needs 1 to 100 tag filters")
@ValidationRule(
    value =
        "!has(self.ec2TagFilters) || self.ec2TagFilters.all(f, (has(f.key) || f.type == 'VALUE_ONLY') && (has(f.value) || f.type == 'KEY_ONLY'))",
    message =
        "each ec2TagFilters entry needs key (unless type is VALUE_ONLY) and value (unless type is KEY_ONLY)")
@ValidationRule(
    value =
        "!has(self.onPremisesTagFilters) || self.onPremisesTagFilters.all(f, (has(f.key) || f.type == 'VALUE_ONLY') && (has(f.value) || f.type == 'KEY_ONLY'))",
    message =
        "each onPremisesTagFilters entry needs key (unless type is VALUE_ONLY) and value (unless type is KEY_ONLY)")
@ValidationRule(
    value =
        "(has(self.ec2TagFilters) && size(self.ec2TagFilters) > 0) || (has(self.ec2TagSet) && size(self.ec2TagSet) > 0) || (has(self.autoScalingGroups) && size(self.autoScalingGroups) > 0) || (has(self.onPremisesTagFilters) && size(self.onPremisesTagFilters) > 0)",
    message =
        "targets needs at least one of ec2TagFilters, ec2TagSet, autoScalingGroups or onPremisesTagFilters")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Targets {

  @JsonPropertyDescription(
      "EC2 instances matching any of these filters (OR). Exclusive with ec2TagSet.")
  @Size(max = 100)
  private List<TagFilter> ec2TagFilters;

  @JsonPropertyDescription(
      "EC2 instances matching at least one filter of every list (AND of ORs), at most 3 "
          + "lists as in CodeDeploy. Exclusive with ec2TagFilters.")
  @Size(max = 3)
  private List<List<TagFilter>> ec2TagSet;

  @JsonPropertyDescription(
      "Auto Scaling groups whose instances are targets; a launch lifecycle hook deploys to "
          + "new instances.")
  @Size(max = 10)
  private List<@Size(min = 1, max = 255) String> autoScalingGroups;

  @JsonPropertyDescription(
      "On-premises servers registered with AWS Systems Manager (mi-...) matching any of "
          + "these filters (OR).")
  @Size(max = 100)
  private List<TagFilter> onPremisesTagFilters;

  public List<TagFilter> getEc2TagFilters() {
    return ec2TagFilters;
  }

  public void setEc2TagFilters(List<TagFilter> ec2TagFilters) {
    this.ec2TagFilters = ec2TagFilters;
  }

  public List<List<TagFilter>> getEc2TagSet() {
    return ec2TagSet;
  }

  public void setEc2TagSet(List<List<TagFilter>> ec2TagSet) {
    this.ec2TagSet = ec2TagSet;
  }

  public List<String> getAutoScalingGroups() {
    return autoScalingGroups;
  }

  public void setAutoScalingGroups(List<String> autoScalingGroups) {
    this.autoScalingGroups = autoScalingGroups;
  }

  public List<TagFilter> getOnPremisesTagFilters() {
    return onPremisesTagFilters;
  }

  public void setOnPremisesTagFilters(List<TagFilter> onPremisesTagFilters) {
    this.onPremisesTagFilters = onPremisesTagFilters;
  }
}
