package io.fleetdeploy.controller;

/** Labels and annotations fleetdeploy puts on the objects it creates. */
public final class Labels {
  /** Who created a Deployment: deploymentGroup, autoscaling or rollback (absent: a user). */
  public static final String CREATOR = "fleetdeploy.io/creator";

  /** The DeploymentGroup a Deployment belongs to. */
  public static final String DEPLOYMENT_GROUP = "fleetdeploy.io/deployment-group";

  /** On a rollback Deployment: the Deployment it rolls back. */
  public static final String ROLLBACK_OF = "fleetdeploy.io/rollback-of";

  /** On a Deployment the group created for spec.revision: the revision's identity digest. */
  public static final String REVISION_DIGEST = "fleetdeploy.io/revision-digest";

  /** On an autoscaling Deployment: the Auto Scaling group and hook holding the instance. */
  public static final String AUTO_SCALING_GROUP = "fleetdeploy.io/auto-scaling-group";

  public static final String LIFECYCLE_HOOK = "fleetdeploy.io/lifecycle-hook";

  /** On a Deployment stopped because a newer declared revision replaced it (spec.supersede). */
  public static final String SUPERSEDED_BY = "fleetdeploy.io/superseded-by";

  /**
   * On a follow-up Deployment: the rollout whose revision it brings to instances that missed it.
   */
  public static final String FOLLOW_UP_OF = "fleetdeploy.io/follow-up-of";

  /**
   * Which operator shard reconciles the object: set on DeploymentGroups and Applications by the
   * shard assigner, copied to every Deployment of the group (see docs/scaling.md).
   */
  public static final String SHARD = "fleetdeploy.io/shard";

  /** The labels a Deployment inherits from its group: its shard, when the group has one. */
  public static java.util.Map<String, String> inheritedFrom(
      io.fabric8.kubernetes.api.model.HasMetadata group) {
    java.util.Map<String, String> labels = group.getMetadata().getLabels();
    String shard = labels == null ? null : labels.get(SHARD);
    return shard == null ? java.util.Map.of() : java.util.Map.of(SHARD, shard);
  }

  private Labels() {}
}
