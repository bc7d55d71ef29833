package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The desired state of a DeploymentGroup: which instances, how to roll out, and optionally which
 * revision they should run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentGroupSpec {

  @JsonPropertyDescription("The Application this group belongs to.")
  @Required
  private ObjectReference applicationRef;

  @JsonPropertyDescription("Which instances the group deploys to.")
  @Required
  private Targets targets;

  @JsonPropertyDescription("How revisions are rolled out. Defaults to OneAtATime.")
  private DeploymentConfig deploymentConfig;

  @JsonPropertyDescription(
      "The desired revision (GitOps): when it changes, the group creates a Deployment for " + "it.")
  private Revision revision;

  @JsonPropertyDescription("Automatic rollback of failed or stopped deployments.")
  private AutoRollback autoRollback;

  @JsonPropertyDescription(
      "Default for files at destinations that the previous deployment did not install; an "
          + "AppSpec's own file_exists_behavior wins. Default DISALLOW.")
  @Default("DISALLOW")
  private FileExistsBehavior fileExistsBehavior;

  @JsonPropertyDescription(
      "Update (default): instances that joined during a rollout get a follow-up deployment "
          + "when it succeeds. Ignore: they keep what they were given at launch.")
  @Default("Update")
  private OutdatedInstances outdatedInstances;

  @JsonPropertyDescription(
      "Load balancers in front of the instances: each batch is deregistered from them (and"
          + " drained) before its hosts are touched, and registered again once they are done.")
  private TrafficControl trafficControl;

  @JsonPropertyDescription(
      "CloudWatch alarms watched while a deployment runs: one in ALARM stops it (ALARM_ACTIVE),"
          + " and autoRollback.events DeploymentStopOnAlarm rolls it back.")
  private AlarmConfiguration alarmConfiguration;

  @JsonPropertyDescription("Auto Scaling lifecycle hooks.")
  private AutoScalingSpec autoScaling;

  @JsonPropertyDescription(
      "Where SSM keeps each host's full output (CloudWatch Logs, S3); status keeps the last 4 KiB"
          + " of a failed event and points here.")
  private LoggingSpec logging;

  @JsonPropertyDescription(
      "When true, no new Deployment starts for this group (running ones finish).")
  @Default("false")
  private Boolean paused;

  @JsonPropertyDescription(
      "When true, a new spec.revision stops the deployment it replaces instead of queueing "
          + "behind it.")
  private Boolean supersede;

  @JsonPropertyDescription(
      "Raise it (0, 1, 2, ...) to roll the declared spec.revision out again after it failed or was stopped: the group creates a new Deployment for the same revision once per value.")
  @Min(0)
  private Integer retry;

  @JsonPropertyDescription("How many finished Deployments of this group to keep. Default 10.")
  @Min(0)
  @Max(1000)
  @Default("10")
  private Integer revisionHistoryLimit;

  @JsonPropertyDescription(
      "Notification triggers (CodeDeploy's triggers), at most 10: each sends the listed events of"
          + " the group's deployments to an SNS topic or an HTTPS webhook, as CodeDeploy's trigger"
          + " JSON. Instance events come one message per batch. Each event is sent at most once;"
          + " failed sends are retried with backoff and never hold up the rollout.")
  @Size(max = 10)
  private List<Trigger> triggers;

  public ObjectReference getApplicationRef() {
    return applicationRef;
  }

  public void setApplicationRef(ObjectReference applicationRef) {
    this.applicationRef = applicationRef;
  }

  public Targets getTargets() {
    return targets;
  }

  public void setTargets(Targets targets) {
    this.targets = targets;
  }

  public DeploymentConfig getDeploymentConfig() {
    return deploymentConfig;
  }

  public void setDeploymentConfig(DeploymentConfig deploymentConfig) {
    this.deploymentConfig = deploymentConfig;
  }

  public Revision getRevision() {
    return revision;
  }

  public void setRevision(Revision revision) {
    this.revision = revision;
  }

  public AutoRollback getAutoRollback() {
    return autoRollback;
  }

  public void setAutoRollback(AutoRollback autoRollback) {
    this.autoRollback = autoRollback;
  }

  public FileExistsBehavior getFileExistsBehavior() {
    return fileExistsBehavior;
  }

  public void setFileExistsBehavior(FileExistsBehavior fileExistsBehavior) {
    this.fileExistsBehavior = fileExistsBehavior;
  }

  public OutdatedInstances getOutdatedInstances() {
    return outdatedInstances;
  }

  public void setOutdatedInstances(OutdatedInstances outdatedInstances) {
    this.outdatedInstances = outdatedInstances;
  }

  public AutoScalingSpec getAutoScaling() {
    return autoScaling;
  }

  public void setAutoScaling(AutoScalingSpec autoScaling) {
    this.autoScaling = autoScaling;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  public Boolean getSupersede() {
    return supersede;
  }

  public void setSupersede(Boolean supersede) {
    this.supersede = supersede;
  }

  public Integer getRevisionHistoryLimit() {
    return revisionHistoryLimit;
  }

  public void setRevisionHistoryLimit(Integer revisionHistoryLimit) {
    this.revisionHistoryLimit = revisionHistoryLimit;
  }

  public Integer getRetry() {
    return retry;
  }

  public void setRetry(Integer retry) {
    this.retry = retry;
  }

  public LoggingSpec getLogging() {
    return logging;
  }

  public void setLogging(LoggingSpec logging) {
    this.logging = logging;
  }

  public TrafficControl getTrafficControl() {
    return trafficControl;
  }

  public void setTrafficControl(TrafficControl trafficControl) {
    this.trafficControl = trafficControl;
  }

  public AlarmConfiguration getAlarmConfiguration() {
    return alarmConfiguration;
  }

  public void setAlarmConfiguration(AlarmConfiguration alarmConfiguration) {
    this.alarmConfiguration = alarmConfiguration;
  }

  public List<Trigger> getTriggers() {
    return triggers;
  }

  public void setTriggers(List<Trigger> triggers) {
    this.triggers = triggers;
  }
}
