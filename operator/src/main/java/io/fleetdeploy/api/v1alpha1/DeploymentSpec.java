package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The desired state of a Deployment: one rollout of one revision to one deployment group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentSpec {

  @JsonPropertyDescription("The DeploymentGroup to deploy to.")
  @Required
  private ObjectReference deploymentGroupRef;

  @JsonPropertyDescription("The revision to deploy.")
  @Required
  private Revision revision;

  @JsonPropertyDescription("Overrides the group's deployment configuration for this deployment.")
  private DeploymentConfig deploymentConfig;

  @JsonPropertyDescription("Free text, e.g. release 1.4.2.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription(
      "Overrides the group's file_exists_behavior (an AppSpec's own key still wins, as in "
          + "CodeDeploy).")
  private FileExistsBehavior fileExistsBehavior;

  @JsonPropertyDescription(
      "Continue past failures of ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic "
          + "(which run the previous revision's scripts).")
  private Boolean ignoreApplicationStopFailures;

  @JsonPropertyDescription(
      "Do not watch the group's CloudWatch alarms for this deployment: to redeploy a known-good"
          + " revision while an alarm fires. Default false.")
  private Boolean ignoreAlarms;

  @JsonPropertyDescription("Overrides the group's automatic rollback settings.")
  private AutoRollback autoRollback;

  @JsonPropertyDescription(
      "Set to true to stop the deployment: no new batch starts, running hosts finish.")
  private Boolean stop;

  @JsonPropertyDescription(
      "Deploy to only these instances of the group (rollbacks and Auto Scaling launches set"
          + " it). Empty: all target instances.")
  @Size(max = 10000)
  private List<@Size(min = 1, max = 32) String> instanceIds;

  @JsonPropertyDescription(
      "Passes the pauses of a stepped rollout up to this step index (pause: {} waits for it)."
          + " Setting the same value again changes nothing; raise it to pass a later pause.")
  @Min(0)
  @Max(64)
  private Integer promote;

  public ObjectReference getDeploymentGroupRef() {
    return deploymentGroupRef;
  }

  public void setDeploymentGroupRef(ObjectReference deploymentGroupRef) {
    this.deploymentGroupRef = deploymentGroupRef;
  }

  public Revision getRevision() {
    return revision;
  }

  public void setRevision(Revision revision) {
    this.revision = revision;
  }

  public DeploymentConfig getDeploymentConfig() {
    return deploymentConfig;
  }

  public void setDeploymentConfig(DeploymentConfig deploymentConfig) {
    this.deploymentConfig = deploymentConfig;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public FileExistsBehavior getFileExistsBehavior() {
    return fileExistsBehavior;
  }

  public void setFileExistsBehavior(FileExistsBehavior fileExistsBehavior) {
    this.fileExistsBehavior = fileExistsBehavior;
  }

  public Boolean getIgnoreApplicationStopFailures() {
    return ignoreApplicationStopFailures;
  }

  public void setIgnoreApplicationStopFailures(Boolean ignoreApplicationStopFailures) {
    this.ignoreApplicationStopFailures = ignoreApplicationStopFailures;
  }

  public AutoRollback getAutoRollback() {
    return autoRollback;
  }

  public void setAutoRollback(AutoRollback autoRollback) {
    this.autoRollback = autoRollback;
  }

  public Boolean getStop() {
    return stop;
  }

  public void setStop(Boolean stop) {
    this.stop = stop;
  }

  public List<String> getInstanceIds() {
    return instanceIds;
  }

  public void setInstanceIds(List<String> instanceIds) {
    this.instanceIds = instanceIds;
  }

  public Boolean getIgnoreAlarms() {
    return ignoreAlarms;
  }

  public void setIgnoreAlarms(Boolean ignoreAlarms) {
    this.ignoreAlarms = ignoreAlarms;
  }

  public Integer getPromote() {
    return promote;
  }

  public void setPromote(Integer promote) {
    this.promote = promote;
  }
}
