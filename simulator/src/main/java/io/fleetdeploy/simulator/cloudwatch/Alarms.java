package io.fleetdeploy.simulator.cloudwatch;

import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's CloudWatch metric alarms: no metrics behind them, a state that a test, the demo
 * or SetAlarmState sets (as an operator does to test an alarm's actions in real CloudWatch).
 */
public final class Alarms {
  private static final Set<String> STATES = Set.of("OK", "ALARM", "INSUFFICIENT_DATA");

  /** One alarm as DescribeAlarms shows it. */
  public record Alarm(String name, String arn, String state, String reason, Instant updated) {}

  private final SimClock clock;
  private final String region;
  private final String accountId;
  private final Map<String, Alarm> alarms = new LinkedHashMap<>();

  public Alarms(SimClock clock, String region, String accountId) {
    this.clock = clock;
    this.region = region;
    this.accountId = accountId;
  }

  /** Creates the alarm in INSUFFICIENT_DATA, as CloudWatch does (or leaves it as it is). */
  public synchronized void create(String name) {
    alarms.computeIfAbsent(
        name,
        n ->
            new Alarm(
                n,
                "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + n,
                "INSUFFICIENT_DATA",
                "Unchecked: Initial alarm creation",
                clock.now()));
  }

  /** SetAlarmState: the alarm must exist. */
  public synchronized void setState(String name, String state, String reason) {
    Alarm alarm = alarms.get(name);
    if (alarm == null) {
      // The code the SDK's CBOR client maps to ResourceNotFoundException.
      throw new ApiException("ResourceNotFoundException", "Alarm " + name + " does not exist", 404);
    }
    if (!STATES.contains(state)) {
      throw ApiException.badRequest(
          "InvalidParameterValue", "StateValue must be one of " + STATES + ", not " + state);
    }
    alarms.put(name, new Alarm(name, alarm.arn(), state, reason, clock.now()));
  }

  /** The alarms with these names (every alarm when none is named), skipping unknown names. */
  public synchronized List<Alarm> describe(List<String> names) {
    if (names.isEmpty()) {
      return List.copyOf(alarms.values());
    }
    List<Alarm> out = new ArrayList<>();
    for (String name : names) {
      Alarm alarm = alarms.get(name);
      if (alarm != null) {
        out.add(alarm);
      }
    }
    return out;
  }
}
