package io.fleetdeploy.api.v1alpha1;

/** How a tag filter matches, as in CodeDeploy. */
public enum TagFilterType {
  KEY_ONLY,
  VALUE_ONLY,
  KEY_AND_VALUE
}
