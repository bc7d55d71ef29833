package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One ListCommands / ListCommandInvocations filter ({@code key}, {@code value}), parsed and
 * checked.
 */
record CommandFilter(String key, String value, Instant time) {
  private static final Set<String> KEYS =
      Set.of("InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName");
  private static final Set<String> COMMAND_STATUS_VALUES =
      Set.of(
          "Pending",
          "InProgress",
          "Success",
          "Cancelled",
          "Failed",
          "TimedOut",
          "AccessDenied",
          "DeliveryTimedOut",
          "ExecutionTimedOut",
          "Incomplete",
          "NoInstancesInTag",
          "LimitExceeded");
  private static final Set<String> INVOCATION_STATUS_VALUES =
      Set.of(
          "Pending",
          "InProgress",
          "Delayed",
          "Success",
          "Cancelled",
          "Failed",
          "TimedOut",
          "AccessDenied",
          "DeliveryTimedOut",
          "ExecutionTimedOut",
          "Undeliverable",
          "InvalidPlatform",
          "Terminated");

  boolean matches(Command c) {
    return switch (key) {
      case "InvokedAfter" -> !c.requested.isBefore(time);
      case "InvokedBefore" -> !c.requested.isAfter(time);
      case "DocumentName" -> c.documentName.equals(value);
      case "ExecutionStage" ->
          "Complete".equals(value) == c.invocations.stream().allMatch(i -> i.state.isTerminal());
      case "Status" -> {
        String[] s = c.status();
        yield s[0].equals(value) || s[1].equals(value);
      }
      default -> true;
    };
  }

  boolean matches(Invocation inv) {
    return switch (key) {
      case "Status" -> inv.state.matchesFilter(value);
      case "ExecutionStage" -> "Complete".equals(value) == inv.state.isTerminal();
      default -> matches(inv.command);
    };
  }

  /** Parses and checks the Filters of ListCommands ({@code commands}) or ListCommandInvocations. */
  static List<CommandFilter> parse(List<JsonArgs> raw, boolean commands) {
    Set<String> statuses = commands ? COMMAND_STATUS_VALUES : INVOCATION_STATUS_VALUES;
    List<CommandFilter> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (raw.isEmpty()) {
      throw ApiException.badRequest(
          "ValidationException",
          "1 validation error detected: Value '[]' at 'filters'"
              + " failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    Constraints.maxItems("filters", raw, 5);
    for (JsonArgs f : raw) {
      String key = f.string("key");
      String value = f.string("value");
      Constraints.required("filters.member.key", key);
      Constraints.required("filters.member.value", value);
      Constraints.length("filters.member.value", value, 1, 128);
      if (!KEYS.contains(key) || (!commands && key.equals("ExecutionStage"))) {
        throw ApiException.badRequest(
            "InvalidFilterKey",
            "Filter key " + key + " is not valid here: use one of " + KEYS + ".");
      }
      Instant time = null;
      switch (key) {
        case "InvokedAfter", "InvokedBefore" -> {
          try {
            time = AwsTime.parseIso(value);
          } catch (RuntimeException e) {
            throw ApiException.badRequest(
                "InvalidFilterValue",
                "Filter "
                    + key
                    + " needs an ISO-8601 timestamp"
                    + " such as 2024-07-07T00:00:00Z, not '"
                    + value
                    + "'.");
          }
        }
        case "Status" -> {
          if (!statuses.contains(value)) {
            throw ApiException.badRequest(
                "InvalidFilterValue",
                "Status filter value " + value + " is not one of " + statuses + ".");
          }
        }
        case "ExecutionStage" -> {
          if (!value.equals("Executing") && !value.equals("Complete")) {
            throw ApiException.badRequest(
                "InvalidFilterValue",
                "ExecutionStage filter value must be Executing or Complete, not " + value + ".");
          }
        }
        default -> {}
      }
      out.add(new CommandFilter(key, value, time));
    }
    return out;
  }
}
