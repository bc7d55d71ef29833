package io.fleetdeploy.api.v1alpha1;

/** The Auto Scaling transition a lifecycle hook holds instances in. */
public enum HookTransition {
  Launching,
  Terminating
}
