package io.fleetdeploy.fleet;

import java.util.Collection;
import java.util.Map;

/** Reads CloudWatch alarms. */
public interface Alarms {

  /** An alarm's state, as CloudWatch names them. */
  enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA
  }

  /**
   * The state of each alarm that exists; an alarm that does not exist is missing from the map.
   *
   * @throws FleetException when CloudWatch cannot be read (denied, throttled, down)
   */
  Map<String, AlarmState> states(Collection<String> alarmNames);
}
