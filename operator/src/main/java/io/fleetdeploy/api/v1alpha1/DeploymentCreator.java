package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who created a Deployment. */
public enum DeploymentCreator {
  @JsonProperty("user")
  USER,
  @JsonProperty("deploymentGroup")
  DEPLOYMENT_GROUP,
  @JsonProperty("autoscaling")
  AUTOSCALING,
  @JsonProperty("rollback")
  ROLLBACK
}
