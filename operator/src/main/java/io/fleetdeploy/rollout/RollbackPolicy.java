package io.fleetdeploy.rollout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether, and on which endings, a deployment is rolled back automatically.
 *
 * @param enabled the master switch
 * @param triggers the endings that roll back when enabled
 */
public record RollbackPolicy(boolean enabled, Set<RollbackTrigger> triggers) {

  public static final RollbackPolicy DISABLED = new RollbackPolicy(false, Set.of());

  public RollbackPolicy {
    Objects.requireNonNull(triggers, "triggers");
    triggers = triggers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(triggers));
  }

  /**
   * The policy from its API form. Event names are {@code DeploymentFailure}, {@code
   * DeploymentStopOnRequest} and {@code DeploymentStopOnAlarm}; CodeDeploy's spellings ({@code
   * DEPLOYMENT_FAILURE}, {@code DEPLOYMENT_STOP_ON_REQUEST}, {@code DEPLOYMENT_STOP_ON_ALARM}) are
   * accepted too. Field names in errors are relative to the {@code autoRollback} object, e.g.
   * {@code events[1]}.
   */
  public static RollbackPolicy parse(boolean enabled, List<String> events) {
    Set<RollbackTrigger> triggers = EnumSet.noneOf(RollbackTrigger.class);
    List<String> given = events == null ? List.of() : events;
    for (int i = 0; i < given.size(); i++) {
      triggers.add(parseEvent("events[" + i + "]", given.get(i)));
    }
    return new RollbackPolicy(enabled, triggers);
  }

  private static RollbackTrigger parseEvent(String field, String event) {
    if (event == null || event.isBlank()) {
      throw new RolloutSettingException(field, "is empty; expected " + expected());
    }
    for (RollbackTrigger trigger : RollbackTrigger.values()) {
      if (trigger.apiName().equals(event) || trigger.name().equals(event)) {
        return trigger;
      }
    }
    throw new RolloutSettingException(
        field, "unknown event '" + event + "'; expected " + expected());
  }

  private static String expected() {
    List<String> names = new ArrayList<>();
    for (RollbackTrigger trigger : RollbackTrigger.values()) {
      names.add(trigger.apiName());
    }
    return String.join(" or ", names);
  }
}
