package io.fleetdeploy.hostplan;

/**
 * Which of a deployment's host sends a plan is, when a host's events are split over several sends
 * (traffic control with scripts on the traffic events: see {@link TrafficParts}). The runner keeps
 * each part's result apart (a repeated send of a part replays it, a later part runs), reports the
 * events of the earlier parts before its own, and records the revision as the host's last
 * successful one only when the last part succeeds.
 *
 * @param number the part, 1 to 3 ({@link TrafficParts#BEFORE_BLOCK}, {@link TrafficParts#BETWEEN},
 *     {@link TrafficParts#AFTER_ALLOW})
 * @param last whether no part follows this one on the host
 */
public record PlanPart(int number, boolean last) {
  public PlanPart {
    if (number < 1 || number > 3) {
      throw new IllegalArgumentException("a plan part is 1, 2 or 3, not " + number);
    }
  }
}
