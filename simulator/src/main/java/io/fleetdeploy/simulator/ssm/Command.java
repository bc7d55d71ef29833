package io.fleetdeploy.simulator.ssm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A SendCommand: its request as sent, and one invocation per target instance. */
final class Command {
  final String id;
  final long seq;
  final String documentName;
  final String documentVersionRequested;
  final int documentVersion;
  final String comment;
  final Map<String, List<String>> parameters;
  final List<String> instanceIds;
  final List<Map<String, Object>> targets;
  final Instant requested;
  final int timeoutSeconds;
  final String maxConcurrency;
  final String maxErrors;
  final Instant expiresAfter;
  final Map<String, Object> echoed;
  final List<Invocation> invocations = new ArrayList<>();
  boolean cancelRequested;

  Command(
      String id,
      long seq,
      String documentName,
      String documentVersionRequested,
      int documentVersion,
      String comment,
      Map<String, List<String>> parameters,
      List<String> instanceIds,
      List<Map<String, Object>> targets,
      Instant requested,
      int timeoutSeconds,
      String maxConcurrency,
      String maxErrors,
      Instant expiresAfter,
      Map<String, Object> echoed) {
    this.id = id;
    this.seq = seq;
    this.documentName = documentName;
    this.documentVersionRequested = documentVersionRequested;
    this.documentVersion = documentVersion;
    this.comment = comment;
    this.parameters = parameters;
    this.instanceIds = instanceIds;
    this.targets = targets;
    this.requested = requested;
    this.timeoutSeconds = timeoutSeconds;
    this.maxConcurrency = maxConcurrency;
    this.maxErrors = maxErrors;
    this.expiresAfter = expiresAfter;
    this.echoed = echoed;
  }

  int targetCount() {
    return invocations.size();
  }

  /** MaxConcurrency as a number of instances ("50", "10%"); at least one. */
  int concurrencyLimit() {
    return Math.max(1, resolve(maxConcurrency, 50, true));
  }

  /** MaxErrors as a number of instances ("0", "5", "10%"). */
  int errorLimit() {
    return resolve(maxErrors, 0, false);
  }

  private int resolve(String value, int fallback, boolean roundUp) {
    if (value == null) {
      return fallback;
    }
    if (value.endsWith("%")) {
      double pct = Double.parseDouble(value.substring(0, value.length() - 1));
      double n = targetCount() * pct / 100.0;
      return (int) (roundUp ? Math.ceil(n) : Math.floor(n));
    }
    return Integer.parseInt(value);
  }

  /** Status and StatusDetails of the whole command, derived from its invocations. */
  String[] status() {
    boolean allTerminal = invocations.stream().allMatch(i -> i.state.isTerminal());
    if (!allTerminal) {
      if (cancelRequested) {
        return new String[] {"Cancelling", "Cancelling"};
      }
      boolean started = invocations.stream().anyMatch(i -> i.state != InvocationState.PENDING);
      return started
          ? new String[] {"InProgress", "InProgress"}
          : new String[] {"Pending", "Pending"};
    }
    if (invocations.stream().allMatch(i -> i.state == InvocationState.SUCCESS)) {
      return new String[] {"Success", "Success"};
    }
    if (cancelRequested
        && invocations.stream().anyMatch(i -> i.state == InvocationState.CANCELLED)) {
      return new String[] {"Cancelled", "Cancelled"};
    }
    long errors = invocations.stream().filter(i -> i.state.isError()).count();
    if (errors > errorLimit()) {
      boolean anyFailed = invocations.stream().anyMatch(i -> i.state == InvocationState.FAILED);
      return anyFailed
          ? new String[] {"Failed", "Failed"}
          : new String[] {"TimedOut", "ExecutionTimedOut"};
    }
    long deliveryTimeouts =
        invocations.stream().filter(i -> i.state == InvocationState.DELIVERY_TIMED_OUT).count();
    if (deliveryTimeouts > 0 && deliveryTimeouts >= errorLimit()) {
      return new String[] {"TimedOut", "DeliveryTimedOut"};
    }
    boolean onlySuccessOrUndeliverable =
        invocations.stream()
            .allMatch(
                i ->
                    i.state == InvocationState.SUCCESS || i.state == InvocationState.UNDELIVERABLE);
    if (onlySuccessOrUndeliverable
        && invocations.stream().anyMatch(i -> i.state == InvocationState.SUCCESS)) {
      // Undeliverable invocations do not decide between Success and Incomplete.
      return new String[] {"Success", "Success"};
    }
    return new String[] {"Failed", "Incomplete"};
  }

  long completedCount() {
    return invocations.stream().filter(i -> i.state.isTerminal()).count();
  }

  long errorCount() {
    return invocations.stream().filter(i -> i.state.isError()).count();
  }

  long deliveryTimedOutCount() {
    return invocations.stream().filter(i -> i.state == InvocationState.DELIVERY_TIMED_OUT).count();
  }
}
