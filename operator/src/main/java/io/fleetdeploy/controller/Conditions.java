package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a resource's conditions from the previous ones: callers say what each condition is now,
 * and this keeps {@code lastTransitionTime} unless the status flipped and stamps the generation on
 * each. The only way conditions are made, so every kind follows the same conventions (kstatus).
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  private final Map<String, Condition> previous = new LinkedHashMap<>();
  private final Map<String, Condition> next = new LinkedHashMap<>();

  public Conditions(List<Condition> previous) {
    if (previous != null) {
      previous.forEach(c -> this.previous.put(c.getType(), c));
    }
  }

  public Conditions set(String type, boolean status, String reason, String message) {
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(status ? "True" : "False");
    c.setReason(reason);
    c.setMessage(Text.truncate(message, 4096));
    next.put(type, c);
    return this;
  }

  /** The conditions to store: those set now, in the order they were set. */
  public List<Condition> build(long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (Condition c : next.values()) {
      Condition before = previous.get(c.getType());
      boolean unchanged = before != null && c.getStatus().equals(before.getStatus());
      c.setLastTransitionTime(
          unchanged && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : nowText);
      c.setObservedGeneration(generation);
      out.add(c);
    }
    return out;
  }
}
