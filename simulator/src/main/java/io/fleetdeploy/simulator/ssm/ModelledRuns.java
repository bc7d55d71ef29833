package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.HostModel;
import io.fleetdeploy.simulator.codec.JsonReader;
import io.fleetdeploy.simulator.codec.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a modelled host does with a runner command: reads the host plan from the command's {@code
 * plan} parameter (as the runner does), decides how long each lifecycle event takes and whether one
 * fails, and writes the {@code FLEETDEPLOY-RESULT} line the real runner would print. Like the real
 * runner it runs a deployment once per host (a repeated send replays the recorded result), and runs
 * the {@code ApplicationStop}, {@code BeforeBlockTraffic} and {@code AfterBlockTraffic} hooks of
 * the revision deployed there before (none on a host's first deployment). A deployment sent in
 * parts (the plan's {@code part}: traffic events on their side of the load balancer switch) runs
 * once per part, reports the earlier parts' events before its own, and makes its revision the one
 * deployed there only with its last part.
 */
final class ModelledRuns {
  static final String PREFIX = "FLEETDEPLOY-RESULT ";
  private static final Set<String> PREVIOUS_REVISION_EVENTS =
      Set.of("ApplicationStop", "BeforeBlockTraffic", "AfterBlockTraffic");

  /** A planned run: how long it takes, its exit code and its stdout. */
  record Run(long millis, int exitCode, String stdout, String stderr) {}

  private final HostModel model;
  private final Random random;

  /** Per instance and deployment id (and part): the recorded result (for replays). */
  private final Map<String, Map<String, Object>> results = new ConcurrentHashMap<>();

  /** Per instance and group id: the events that had hooks in the revision deployed last. */
  private final Map<String, Set<String>> lastHooked = new ConcurrentHashMap<>();

  private final Map<String, HostModel.Timing> timings = new ConcurrentHashMap<>();

  ModelledRuns(HostModel model, long seed) {
    this.model = model;
    this.random = new Random(seed);
  }

  /**
   * A host plan as the runner reads it: what identifies the deployment, the events in order and the
   * hook scripts per event. Every instance of a command gets the same plan parameter, so each
   * distinct plan is decoded and parsed once (see {@link #parsedPlans}), not once per instance.
   */
  private record HostPlan(
      String deploymentId,
      String groupId,
      int part,
      boolean completes,
      List<Object> events,
      Map<String, Object> hooks) {

    @SuppressWarnings("unchecked") // read as the runner reads it: a list and an object
    static HostPlan parse(String encoded) {
      Map<String, Object> plan =
          JsonReader.parseObject(
              new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
      int part = plan.get("part") instanceof Number n ? n.intValue() : 0;
      return new HostPlan(
          String.valueOf(plan.get("deploymentId")),
          String.valueOf(plan.get("deploymentGroupId")),
          part,
          part == 0 || Boolean.TRUE.equals(plan.get("lastPart")),
          (List<Object>) plan.getOrDefault("events", List.of()),
          (Map<String, Object>) plan.getOrDefault("hooks", Map.of()));
    }
  }

  /** How many distinct plans stay parsed: a few per deployment in flight is plenty. */
  private static final int PARSED_PLANS = 64;

  /**
   * The plans parsed lately, by their encoded text (least recently used first). A plan that does
   * not parse is not kept: it fails again on every instance, as before.
   */
  private final Map<String, HostPlan> parsedPlans =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HostPlan> eldest) {
          return size() > PARSED_PLANS;
        }
      };

  private HostPlan parsed(String encoded) {
    synchronized (parsedPlans) {
      HostPlan plan = parsedPlans.get(encoded);
      if (plan == null) {
        plan = HostPlan.parse(encoded);
        parsedPlans.put(encoded, plan);
      }
      return plan;
    }
  }

  /**
   * Plans the run of {@code parameters} on {@code instanceId}; empty when it is not a runner
   * command (no {@code plan} parameter), which a modelled host cannot run.
   */
  Optional<Run> plan(String instanceId, Map<String, List<String>> parameters, long startMillis) {
    List<String> planValues = parameters == null ? null : parameters.get("plan");
    if (planValues == null || planValues.isEmpty()) {
      return Optional.empty();
    }
    HostPlan plan = parsed(planValues.get(0));
    String deploymentId = plan.deploymentId();
    String groupId = plan.groupId();
    int part = plan.part();
    boolean completes = plan.completes();
    String key = instanceId + "/" + deploymentId + (part == 0 ? "" : ".part" + part);
    Map<String, Object> recorded = results.get(key);
    if (recorded != null) {
      Map<String, Object> copy = new LinkedHashMap<>(recorded);
      copy.put("replay", true);
      return Optional.of(
          new Run(
              0,
              "Succeeded".equals(copy.get("status")) ? 0 : 1,
              line(copy),
              "fleetdeploy: deployment " + deploymentId + " already ran on this host\n"));
    }
    List<Object> events = plan.events();
    Map<String, Object> hooks = plan.hooks();
    Set<String> before = lastHooked.getOrDefault(instanceId + "/" + groupId, Set.of());
    List<String> hooked = new ArrayList<>();
    for (Object e : events) {
      String event = String.valueOf(e);
      boolean has =
          PREVIOUS_REVISION_EVENTS.contains(event)
              ? before.contains(event)
              : hooks.get(event) instanceof List<?> l && !l.isEmpty();
      if (has) {
        hooked.add(event);
      }
    }
    String failing;
    double[] factors = new double[events.size()];
    synchronized (random) {
      failing =
          !hooked.isEmpty() && random.nextDouble() < model.failureRate()
              ? hooked.get(random.nextInt(hooked.size()))
              : null;
      for (int i = 0; i < factors.length; i++) {
        factors[i] = 1 + model.jitter() * (2 * random.nextDouble() - 1);
      }
    }
    List<Object> out = new ArrayList<>();
    for (int earlier = part - 1; earlier >= 1; earlier--) {
      Map<String, Object> earlierResult =
          results.get(instanceId + "/" + deploymentId + ".part" + earlier);
      if (earlierResult != null) {
        // The events of the earlier parts first, as the runner reports them.
        out.addAll((List<?>) earlierResult.get("events"));
        break;
      }
    }
    long at = startMillis;
    boolean failed = false;
    for (int i = 0; i < events.size(); i++) {
      String event = String.valueOf(events.get(i));
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", event);
      if (failed) {
        e.put("status", "Skipped");
        out.add(e);
        continue;
      }
      e.put("start", at);
      if (hooked.contains(event)) {
        at += Math.round(model.hookTime().toMillis() * factors[i]);
      }
      e.put("end", at);
      if (event.equals(failing)) {
        e.put("status", "Failed");
        e.put("errorCode", "ScriptFailed");
        String script = scriptName(hooks.get(event));
        e.put("scriptName", script);
        e.put(
            "message",
            "Script at specified location: " + script + " failed with exit code 1 (modelled)");
        e.put("logTail", "[stderr]modelled failure\n");
        failed = true;
      } else {
        e.put("status", "Succeeded");
      }
      out.add(e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("deploymentId", deploymentId);
    result.put("status", failed ? "Failed" : "Succeeded");
    result.put("downloaded", true);
    result.put("replay", false);
    result.put("events", out);
    result.put("runnerStart", startMillis);
    result.put("runnerEnd", at);
    results.put(key, result);
    HostModel.Timing earlierTiming = part > 1 ? timings.get(instanceId + "/" + deploymentId) : null;
    timings.put(
        instanceId + "/" + deploymentId,
        new HostModel.Timing(earlierTiming == null ? startMillis : earlierTiming.start(), at));
    if (!failed && completes) {
      List<String> hookedNow = new ArrayList<>();
      for (Map.Entry<String, Object> e : hooks.entrySet()) {
        if ((part != 0 || events.contains(e.getKey()))
            && e.getValue() instanceof List<?> l
            && !l.isEmpty()) {
          hookedNow.add(e.getKey());
        }
      }
      lastHooked.put(instanceId + "/" + groupId, Set.copyOf(hookedNow));
    }
    return Optional.of(
        new Run(
            at - startMillis,
            failed ? 1 : 0,
            line(result),
            "fleetdeploy-runner: deployment " + deploymentId + " (modelled host)\n"));
  }

  Optional<HostModel.Timing> timing(String instanceId, String deploymentId) {
    return Optional.ofNullable(timings.get(instanceId + "/" + deploymentId));
  }

  private static String scriptName(Object scripts) {
    if (scripts instanceof List<?> l
        && !l.isEmpty()
        && l.get(0) instanceof Map<?, ?> first
        && first.get("location") != null) {
      return String.valueOf(first.get("location"));
    }
    return "script";
  }

  private static String line(Map<String, Object> result) {
    return PREFIX + JsonWriter.write(result) + "\n";
  }
}
