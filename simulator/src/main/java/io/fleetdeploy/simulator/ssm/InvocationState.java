package io.fleetdeploy.simulator.ssm;

/**
 * Where a command invocation (or one plugin of it) stands, as the pair SSM reports: {@code Status}
 * and the finer {@code StatusDetails}.
 */
enum InvocationState {
  PENDING("Pending", "Pending", "Pending"),
  DELAYED("Delayed", "Delayed", "Pending"),
  IN_PROGRESS("InProgress", "InProgress", "InProgress"),
  CANCELLING("Cancelling", "Cancelling", "InProgress"),
  SUCCESS("Success", "Success", "Success"),
  FAILED("Failed", "Failed", "Failed"),
  EXECUTION_TIMED_OUT("TimedOut", "ExecutionTimedOut", "TimedOut"),
  DELIVERY_TIMED_OUT("TimedOut", "DeliveryTimedOut", "TimedOut"),
  CANCELLED("Cancelled", "Cancelled", "Cancelled"),
  UNDELIVERABLE("Failed", "Undeliverable", "Failed"),
  /** Not sent because the command already exceeded MaxErrors. */
  TERMINATED("Cancelled", "Terminated", "Cancelled");

  private final String status;
  private final String details;
  private final String pluginStatus;

  InvocationState(String status, String details, String pluginStatus) {
    this.status = status;
    this.details = details;
    this.pluginStatus = pluginStatus;
  }

  String status() {
    return status;
  }

  String details() {
    return details;
  }

  /** CommandPlugin.Status has no Delayed or Cancelling. */
  String pluginStatus() {
    return pluginStatus;
  }

  boolean isTerminal() {
    return switch (this) {
      case PENDING, DELAYED, IN_PROGRESS, CANCELLING -> false;
      case SUCCESS,
          FAILED,
          EXECUTION_TIMED_OUT,
          DELIVERY_TIMED_OUT,
          CANCELLED,
          UNDELIVERABLE,
          TERMINATED ->
          true;
    };
  }

  /** Counts against MaxErrors (delivery timeouts and undeliverable invocations do not). */
  boolean isError() {
    return this == FAILED || this == EXECUTION_TIMED_OUT;
  }

  /** Matches a ListCommands / ListCommandInvocations Status filter value. */
  boolean matchesFilter(String value) {
    return status.equals(value) || details.equals(value);
  }
}
