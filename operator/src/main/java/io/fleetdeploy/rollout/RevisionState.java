package io.fleetdeploy.rollout;

/** What an instance ran before this deployment, compared with the revision being rolled out. */
public enum RevisionState {
  /** Nothing is known to be installed (never deployed to, or its record was lost). */
  UNKNOWN,
  /** An earlier revision than the one being rolled out. */
  OLD,
  /** Already the revision being rolled out. */
  CURRENT
}
