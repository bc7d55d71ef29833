package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The load balancers in front of the group's instances: each batch is taken out of them before its
 * hosts are touched and put back once they are done (CodeDeploy's BlockTraffic and AllowTraffic).
 * Elastic Load Balancing v2 target groups and Classic Load Balancers, in any mix (CodeDeploy's
 * targetGroupInfoList and elbInfoList).
 */
@ValidationRule(
    value =
        "(has(self.targetGroups) && size(self.targetGroups) > 0) || (has(self.classicLoadBalancers) && size(self.classicLoadBalancers) > 0)",
    message = "trafficControl needs at least one of targetGroups or classicLoadBalancers")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficControl {

  @JsonPropertyDescription(
      "Elastic Load Balancing v2 target groups (Application or Network Load Balancer) the"
          + " instances are registered in, by ARN.")
  @Size(max = 10)
  private List<TargetGroupRef> targetGroups;

  @JsonPropertyDescription(
      "Classic Load Balancers the instances are registered with, by name. The drain delay is the"
          + " load balancer's connection draining timeout (none when connection draining is off).")
  @Size(max = 10)
  private List<ClassicLoadBalancerRef> classicLoadBalancers;

  @JsonPropertyDescription(
      "The longest a batch waits for its instances to drain after they are deregistered (the"
          + " target groups' deregistration delay and the Classic Load Balancers' connection"
          + " draining timeout, whichever ends first); then the batch goes on."
          + " Default 300.")
  @Min(0)
  @Max(3600)
  private Integer drainTimeoutSeconds;

  @JsonPropertyDescription(
      "How long an instance may take to turn healthy in every load balancer after it is"
          + " registered again (AllowTraffic); an instance still unhealthy then fails with error"
          + " code AllowTrafficUnhealthy. Default 600.")
  @Min(1)
  @Max(3600)
  private Integer healthyTimeoutSeconds;

  public List<TargetGroupRef> getTargetGroups() {
    return targetGroups;
  }

  public void setTargetGroups(List<TargetGroupRef> targetGroups) {
    this.targetGroups = targetGroups;
  }

  public List<ClassicLoadBalancerRef> getClassicLoadBalancers() {
    return classicLoadBalancers;
  }

  public void setClassicLoadBalancers(List<ClassicLoadBalancerRef> classicLoadBalancers) {
    this.classicLoadBalancers = classicLoadBalancers;
  }

  public Integer getDrainTimeoutSeconds() {
    return drainTimeoutSeconds;
  }

  public void setDrainTimeoutSeconds(Integer drainTimeoutSeconds) {
    this.drainTimeoutSeconds = drainTimeoutSeconds;
  }

  public Integer getHealthyTimeoutSeconds() {
    return healthyTimeoutSeconds;
  }

  public void setHealthyTimeoutSeconds(Integer healthyTimeoutSeconds) {
    this.healthyTimeoutSeconds = healthyTimeoutSeconds;
  }
}
