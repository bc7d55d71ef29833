package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The observed state of a DeploymentGroup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentGroupStatus {

  @JsonPropertyDescription("The metadata.generation last reconciled.")
  @Min(0)
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (converged and healthy), Progressing (a deployment runs), Degraded (something "
          + "needs a person).")
  @Size(max = 8)
  private List<Condition> conditions;

  @JsonPropertyDescription("The revision the group converges to.")
  private PinnedRevision targetRevision;

  @JsonPropertyDescription("The revision of the last deployment that succeeded.")
  private PinnedRevision lastSuccessfulRevision;

  @JsonPropertyDescription("Name of the Deployment running now.")
  @Size(max = 253)
  private String activeDeployment;

  @JsonPropertyDescription("Name of the last Deployment that succeeded.")
  @Size(max = 253)
  private String lastSuccessfulDeployment;

  @JsonPropertyDescription(
      "The declared revision the group last created a Deployment for, and that Deployment.")
  private DeclaredRevisionStatus declaredRevision;

  @JsonPropertyDescription("Number of target instances.")
  @Min(0)
  private Integer instanceCount;

  @JsonPropertyDescription(
      "Compact inventory: one short entry per instance. Above 5,000 instances it is left out and"
          + " every instance is in instanceTable.")
  @Size(max = 10000)
  private List<InstanceInventoryEntry> instances;

  @JsonPropertyDescription(
      "Above 5,000 instances: the inventory, every instance one line (id, revision, health, AZ,"
          + " tab-separated), gzip-compressed and base64-encoded, so that 50,000 instances fit the"
          + " object; instances is then left out. fleetdeploy's GroupInventory reads both layouts.")
  @Size(max = 1400000)
  private String instanceTable;

  @JsonPropertyDescription("The Auto Scaling lifecycle hooks the operator owns for this group.")
  @Size(max = 20)
  private List<LifecycleHookStatus> lifecycleHooks;

  @JsonPropertyDescription("Auto Scaling launches in a row whose deployment failed.")
  @Min(0)
  private Integer consecutiveLaunchFailures;

  @JsonPropertyDescription(
      "When the inventory last changed: the time of the refresh that found it so (RFC 3339, UTC)."
          + " Refreshes that find the same instances, revisions and health leave it, so the"
          + " inventory is not rewritten for a timestamp.")
  @Size(max = 40)
  private String lastInventoryTime;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public PinnedRevision getTargetRevision() {
    return targetRevision;
  }

  public void setTargetRevision(PinnedRevision targetRevision) {
    this.targetRevision = targetRevision;
  }

  public PinnedRevision getLastSuccessfulRevision() {
    return lastSuccessfulRevision;
  }

  public void setLastSuccessfulRevision(PinnedRevision lastSuccessfulRevision) {
    this.lastSuccessfulRevision = lastSuccessfulRevision;
  }

  public String getActiveDeployment() {
    return activeDeployment;
  }

  public void setActiveDeployment(String activeDeployment) {
    this.activeDeployment = activeDeployment;
  }

  public String getLastSuccessfulDeployment() {
    return lastSuccessfulDeployment;
  }

  public void setLastSuccessfulDeployment(String lastSuccessfulDeployment) {
    this.lastSuccessfulDeployment = lastSuccessfulDeployment;
  }

  public Integer getInstanceCount() {
    return instanceCount;
  }

  public void setInstanceCount(Integer instanceCount) {
    this.instanceCount = instanceCount;
  }

  public List<InstanceInventoryEntry> getInstances() {
    return instances;
  }

  public void setInstances(List<InstanceInventoryEntry> instances) {
    this.instances = instances;
  }

  public String getInstanceTable() {
    return instanceTable;
  }

  public void setInstanceTable(String instanceTable) {
    this.instanceTable = instanceTable;
  }

  public List<LifecycleHookStatus> getLifecycleHooks() {
    return lifecycleHooks;
  }

  public void setLifecycleHooks(List<LifecycleHookStatus> lifecycleHooks) {
    this.lifecycleHooks = lifecycleHooks;
  }

  public Integer getConsecutiveLaunchFailures() {
    return consecutiveLaunchFailures;
  }

  public void setConsecutiveLaunchFailures(Integer consecutiveLaunchFailures) {
    this.consecutiveLaunchFailures = consecutiveLaunchFailures;
  }

  public String getLastInventoryTime() {
    return lastInventoryTime;
  }

  public void setLastInventoryTime(String lastInventoryTime) {
    this.lastInventoryTime = lastInventoryTime;
  }

  public DeclaredRevisionStatus getDeclaredRevision() {
    return declaredRevision;
  }

  public void setDeclaredRevision(DeclaredRevisionStatus declaredRevision) {
    this.declaredRevision = declaredRevision;
  }
}
