package io.fleetdeploy.policy;

/** Whether FleetPolicies allow a request, and if not, why (naming what is refused and where). */
public sealed interface PolicyVerdict {
  /** Allowed: no policy exists, or the namespace's policies allow all of it. */
  record Allowed() implements PolicyVerdict {}

  record Refused(String reason) implements PolicyVerdict {}
}
