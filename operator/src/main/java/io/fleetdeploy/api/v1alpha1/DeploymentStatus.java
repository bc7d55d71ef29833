package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The observed state of a Deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentStatus {

  @JsonPropertyDescription("The metadata.generation last reconciled.")
  @Min(0)
  private Long observedGeneration;

  @JsonPropertyDescription("Created, Queued, InProgress, Succeeded, Failed or Stopped.")
  private DeploymentPhase phase;

  @JsonPropertyDescription(
      "Who created the deployment: user, deploymentGroup, autoscaling or rollback.")
  private DeploymentCreator creator;

  @JsonPropertyDescription("While Queued: the Deployment this one waits for.")
  @Size(max = 253)
  private String queuedBehind;

  @JsonPropertyDescription(
      "Queue order among the Deployments of its group created in the same second: the order the operator first saw them in.")
  @Min(0)
  private Long queueSequence;

  @JsonPropertyDescription("When the rollout started (RFC 3339, UTC).")
  @Size(max = 40)
  private String startTime;

  @JsonPropertyDescription("When the rollout ended (RFC 3339, UTC).")
  @Size(max = 40)
  private String completionTime;

  @JsonPropertyDescription("The revision pinned at start: every host gets the same bytes.")
  private PinnedRevision revision;

  @JsonPropertyDescription(
      "The deployment configuration in effect, e.g. OneAtATime or FLEET_PERCENT:75.")
  @Size(max = 64)
  private String deploymentConfig;

  @JsonPropertyDescription("Minimum healthy instances, computed once at start.")
  @Min(0)
  private Integer minimumHealthyHosts;

  @JsonPropertyDescription("Number of target instances, snapshotted at start.")
  @Min(0)
  private Integer instanceCount;

  @JsonPropertyDescription(
      "How many instances were unhealthy when the deployment started; they are the first "
          + "entries of instances and were deployed first.")
  @Min(0)
  private Integer unhealthyAtStart;

  @JsonPropertyDescription("How many batches were started; batches lists the most recent ones.")
  @Min(0)
  private Integer batchesStarted;

  @JsonPropertyDescription("Instances done out of all, e.g. 6/10.")
  @Size(max = 32)
  private String progress;

  @JsonPropertyDescription("How many instances are in each status.")
  private Overview overview;

  @JsonPropertyDescription("Why the deployment failed.")
  private ErrorInformation errorInformation;

  @JsonPropertyDescription(
      "Failed (and left) instances by error code and lifecycle event, with a count and one example each: the whole picture when per-instance details are compacted.")
  @Size(max = 32)
  private List<FailureSummary> failureSummary;

  @JsonPropertyDescription(
      "Links to the rollback of this deployment, or to the deployment this one rolls back.")
  private RollbackInfo rollbackInfo;

  @JsonPropertyDescription(
      "The load balancers this deployment takes its batches out of, fixed when its first batch"
          + " starts: what a restart restores instances to, even if the group changed since.")
  private TrafficControl trafficControl;

  @JsonPropertyDescription("The batches started so far.")
  @Size(max = 10000)
  private List<BatchStatus> batches;

  @JsonPropertyDescription(
      "Per-instance status, compact: event details only for failed and in-progress instances."
          + " Above 5,000 instances only the detailed entries (failed instances with their"
          + " events, bounded) are here, and every instance is in instanceTable.")
  @Size(max = 10000)
  private List<InstanceStatus> instances;

  @JsonPropertyDescription(
      "Above 5,000 instances: every instance in rollout order, one line each (id, status, batch,"
          + " error code, tab-separated), gzip-compressed and base64-encoded, so that 50,000"
          + " instances fit the object; instances then holds only the detailed entries and"
          + " overview the counts. fleetdeploy's InstanceResults reads both layouts.")
  @Size(max = 1400000)
  private String instanceTable;

  @JsonPropertyDescription(
      "How many failed instances had their event details left out to keep the object small.")
  @Min(0)
  private Integer omittedInstanceDetails;

  @JsonPropertyDescription(
      "Ready (finished successfully), Progressing (rolling out or queued), Degraded (failed"
          + " or stopped).")
  @Size(max = 8)
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "A staged rollout (steps or zonal): the index of the current step or zonal stage (zone,"
          + " bake, zone, ...); the number of stages once all are passed.")
  @Min(0)
  private Integer currentStep;

  @JsonPropertyDescription(
      "When the current step was entered (RFC 3339, UTC): a pause or bake ends that long after,"
          + " also across operator restarts.")
  @Size(max = 40)
  private String stepStartTime;

  @JsonPropertyDescription("Why and until when the rollout waits between steps, while it does.")
  private PauseStatus pause;

  @JsonPropertyDescription("A zonal rollout: its zones in the order they are deployed to.")
  @Size(max = 64)
  private List<ZoneStatus> zones;

  @JsonPropertyDescription("A zonal rollout: the zone being deployed to or baked.")
  @Size(max = 64)
  private String currentZone;

  @JsonPropertyDescription("A zonal rollout: the zones done, in order.")
  @Size(max = 64)
  private List<@Size(max = 64) String> completedZones;

  @JsonPropertyDescription(
      "Which trigger notifications were recorded (each before it is sent: at most once).")
  private NotificationStatus notifications;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public DeploymentPhase getPhase() {
    return phase;
  }

  public void setPhase(DeploymentPhase phase) {
    this.phase = phase;
  }

  public DeploymentCreator getCreator() {
    return creator;
  }

  public void setCreator(DeploymentCreator creator) {
    this.creator = creator;
  }

  public String getQueuedBehind() {
    return queuedBehind;
  }

  public void setQueuedBehind(String queuedBehind) {
    this.queuedBehind = queuedBehind;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public PinnedRevision getRevision() {
    return revision;
  }

  public void setRevision(PinnedRevision revision) {
    this.revision = revision;
  }

  public String getDeploymentConfig() {
    return deploymentConfig;
  }

  public void setDeploymentConfig(String deploymentConfig) {
    this.deploymentConfig = deploymentConfig;
  }

  public Integer getMinimumHealthyHosts() {
    return minimumHealthyHosts;
  }

  public void setMinimumHealthyHosts(Integer minimumHealthyHosts) {
    this.minimumHealthyHosts = minimumHealthyHosts;
  }

  public Integer getInstanceCount() {
    return instanceCount;
  }

  public void setInstanceCount(Integer instanceCount) {
    this.instanceCount = instanceCount;
  }

  public Integer getUnhealthyAtStart() {
    return unhealthyAtStart;
  }

  public void setUnhealthyAtStart(Integer unhealthyAtStart) {
    this.unhealthyAtStart = unhealthyAtStart;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public Overview getOverview() {
    return overview;
  }

  public void setOverview(Overview overview) {
    this.overview = overview;
  }

  public ErrorInformation getErrorInformation() {
    return errorInformation;
  }

  public void setErrorInformation(ErrorInformation errorInformation) {
    this.errorInformation = errorInformation;
  }

  public RollbackInfo getRollbackInfo() {
    return rollbackInfo;
  }

  public void setRollbackInfo(RollbackInfo rollbackInfo) {
    this.rollbackInfo = rollbackInfo;
  }

  public List<BatchStatus> getBatches() {
    return batches;
  }

  public void setBatches(List<BatchStatus> batches) {
    this.batches = batches;
  }

  public List<InstanceStatus> getInstances() {
    return instances;
  }

  public void setInstances(List<InstanceStatus> instances) {
    this.instances = instances;
  }

  public String getInstanceTable() {
    return instanceTable;
  }

  public void setInstanceTable(String instanceTable) {
    this.instanceTable = instanceTable;
  }

  public Integer getOmittedInstanceDetails() {
    return omittedInstanceDetails;
  }

  public void setOmittedInstanceDetails(Integer omittedInstanceDetails) {
    this.omittedInstanceDetails = omittedInstanceDetails;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getBatchesStarted() {
    return batchesStarted;
  }

  public void setBatchesStarted(Integer batchesStarted) {
    this.batchesStarted = batchesStarted;
  }

  public List<FailureSummary> getFailureSummary() {
    return failureSummary;
  }

  public void setFailureSummary(List<FailureSummary> failureSummary) {
    this.failureSummary = failureSummary;
  }

  public Long getQueueSequence() {
    return queueSequence;
  }

  public void setQueueSequence(Long queueSequence) {
    this.queueSequence = queueSequence;
  }

  public TrafficControl getTrafficControl() {
    return trafficControl;
  }

  public void setTrafficControl(TrafficControl trafficControl) {
    this.trafficControl = trafficControl;
  }

  public Integer getCurrentStep() {
    return currentStep;
  }

  public void setCurrentStep(Integer currentStep) {
    this.currentStep = currentStep;
  }

  public String getStepStartTime() {
    return stepStartTime;
  }

  public void setStepStartTime(String stepStartTime) {
    this.stepStartTime = stepStartTime;
  }

  public PauseStatus getPause() {
    return pause;
  }

  public void setPause(PauseStatus pause) {
    this.pause = pause;
  }

  public List<ZoneStatus> getZones() {
    return zones;
  }

  public void setZones(List<ZoneStatus> zones) {
    this.zones = zones;
  }

  public String getCurrentZone() {
    return currentZone;
  }

  public void setCurrentZone(String currentZone) {
    this.currentZone = currentZone;
  }

  public List<String> getCompletedZones() {
    return completedZones;
  }

  public void setCompletedZones(List<String> completedZones) {
    this.completedZones = completedZones;
  }

  public NotificationStatus getNotifications() {
    return notifications;
  }

  public void setNotifications(NotificationStatus notifications) {
    this.notifications = notifications;
  }
}
