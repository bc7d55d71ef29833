package io.fleetdeploy.rollout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Plays the Deployment controller against {@link RolloutDecider}: applies each decision to the
 * snapshot as the controller would write it to status, lets instances finish, and asks again until
 * the decision is {@link RolloutDecision.Finish}. Records every step for the assertions.
 */
final class ControllerLoop {

  /** One question and its answer. */
  record Step(RolloutSnapshot snapshot, RolloutDecision decision) {}

  /** A whole deployment. */
  record Run(List<Step> steps, RolloutSnapshot last, RolloutDecision.Finish finish) {

    List<String> started() {
      List<String> started = new ArrayList<>();
      for (Step step : steps) {
        if (step.decision() instanceof RolloutDecision.StartBatch batch) {
          started.addAll(batch.instanceIds());
        }
      }
      return started;
    }

    List<RolloutDecision.StartBatch> batches() {
      return steps.stream()
          .map(Step::decision)
          .filter(RolloutDecision.StartBatch.class::isInstance)
          .map(RolloutDecision.StartBatch.class::cast)
          .toList();
    }

    InstanceStatus statusOf(String id) {
      return last.instances().stream()
          .filter(instance -> instance.id().equals(id))
          .findFirst()
          .orElseThrow()
          .status();
    }

    RolloutOverview overview() {
      return RolloutOverview.of(last);
    }
  }

  private final RolloutDecider decider = new RolloutDecider();
  private final Predicate<String> fails;
  private final Function<List<String>, List<String>> finishing;
  private final int stopBeforeStep;

  /**
   * @param fails which instances fail when they run
   * @param finishing given the instances in progress, which of them finish now (at least one)
   * @param stopBeforeStep the step before which a stop is requested, or negative for never
   */
  ControllerLoop(
      Predicate<String> fails, Function<List<String>, List<String>> finishing, int stopBeforeStep) {
    this.fails = fails;
    this.finishing = finishing;
    this.stopBeforeStep = stopBeforeStep;
  }

  /** Every batch finishes whole; no stop. */
  static ControllerLoop failing(Predicate<String> fails) {
    return new ControllerLoop(fails, inProgress -> inProgress, -1);
  }

  Run run(RolloutSnapshot start) {
    List<Step> steps = new ArrayList<>();
    RolloutSnapshot snapshot = start;
    int limit = 3 * start.instances().size() + 5;
    for (int step = 0; step <= limit; step++) {
      if (step == stopBeforeStep) {
        snapshot = snapshot.withStopRequested();
      }
      RolloutDecision decision = decider.decide(snapshot);
      steps.add(new Step(snapshot, decision));
      if (decision instanceof RolloutDecision.StartBatch batch) {
        snapshot =
            apply(
                snapshot,
                statuses(batch.instanceIds(), id -> InstanceStatus.IN_PROGRESS),
                batch.batchNumber());
      } else if (decision instanceof RolloutDecision.Wait wait) {
        snapshot = finish(snapshot, wait.inProgress());
      } else if (decision instanceof RolloutDecision.Halt halt) {
        snapshot = skip(snapshot, halt.idsToSkip());
        snapshot = finish(snapshot, halt.inProgress());
      } else if (decision instanceof RolloutDecision.Finish end) {
        return new Run(steps, skip(snapshot, end.idsToSkip()), end);
      }
    }
    throw new AssertionError("the rollout did not end within " + limit + " steps: " + steps);
  }

  private RolloutSnapshot finish(RolloutSnapshot snapshot, List<String> inProgress) {
    if (inProgress.isEmpty()) {
      throw new AssertionError("asked to wait with nothing in progress: " + snapshot);
    }
    List<String> done = finishing.apply(inProgress);
    return apply(
        snapshot,
        statuses(done, id -> fails.test(id) ? InstanceStatus.FAILED : InstanceStatus.SUCCEEDED),
        snapshot.batchesStarted());
  }

  private static RolloutSnapshot skip(RolloutSnapshot snapshot, List<String> ids) {
    return apply(snapshot, statuses(ids, id -> InstanceStatus.SKIPPED), snapshot.batchesStarted());
  }

  private static Map<String, InstanceStatus> statuses(
      List<String> ids, Function<String, InstanceStatus> status) {
    Map<String, InstanceStatus> changes = new HashMap<>();
    ids.forEach(id -> changes.put(id, status.apply(id)));
    return changes;
  }

  private static RolloutSnapshot apply(
      RolloutSnapshot snapshot, Map<String, InstanceStatus> changes, int batchesStarted) {
    List<InstanceProgress> updated = new ArrayList<>();
    for (InstanceProgress instance : snapshot.instances()) {
      InstanceStatus next = changes.get(instance.id());
      updated.add(next == null ? instance : instance.withStatus(next));
    }
    return snapshot.withInstances(updated, batchesStarted);
  }
}
