package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.AlarmConfiguration;
import io.fleetdeploy.api.v1alpha1.AlarmRef;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.Alarms;
import io.fleetdeploy.fleet.Alarms.AlarmState;
import io.fleetdeploy.fleet.FleetException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches the group's CloudWatch alarms while a deployment runs, as CodeDeploy does: polled on the
 * rollout's reconciles (between batches too) at most once per {@link #POLL}; an alarm in ALARM
 * stops the deployment with {@code ALARM_ACTIVE}, and so does an alarm that cannot be read (it does
 * not exist, or CloudWatch fails) unless {@code ignorePollAlarmFailure}. The stop is recorded in
 * status as the error, which is also what makes it stay a stop after a restart.
 */
final class AlarmWatch implements AlarmCheck {
  static final Duration POLL = Duration.ofSeconds(5);

  private final Alarms alarms;
  private final Clock clock;

  AlarmWatch(Alarms alarms, Clock clock) {
    this.alarms = alarms;
    this.clock = clock;
  }

  /** Whether a stop by an alarm is recorded in status. */
  static boolean stoppedByAlarm(DeploymentProgress progress) {
    return progress.status().getErrorInformation() != null
        && progress.status().getErrorInformation().getCode() == ErrorCode.ALARM_ACTIVE;
  }

  /** Reads the alarms if due; records the stop when one fires. */
  void check(
      Deployment deployment,
      DeploymentGroup group,
      DeploymentProgress progress,
      DeploymentMemory.Entry memory) {
    if (watched(deployment, group, progress) && memory.alarmPollDue(clock.instant(), POLL)) {
      read(group.getSpec().getAlarmConfiguration(), progress);
    }
  }

  /**
   * Reads the alarms now, whenever they were last read (at a batch boundary); true when this
   * recorded a stop.
   */
  boolean checkNow(Deployment deployment, DeploymentGroup group, DeploymentProgress progress) {
    if (!watched(deployment, group, progress)) {
      return false;
    }
    read(group.getSpec().getAlarmConfiguration(), progress);
    return stoppedByAlarm(progress);
  }

  /**
   * For a {@code checkAlarms} step or a zonal bake: the alarm in ALARM, or the reason the alarms
   * cannot be read (unless {@code ignorePollAlarmFailure}); nothing is recorded here.
   */
  @Override
  public Optional<String> firing(Deployment deployment, DeploymentGroup group) {
    AlarmConfiguration config = group.getSpec().getAlarmConfiguration();
    if (config == null
        || !Boolean.TRUE.equals(config.getEnabled())
        || config.getAlarms() == null
        || config.getAlarms().isEmpty()
        || Boolean.TRUE.equals(deployment.getSpec().getIgnoreAlarms())) {
      return Optional.empty();
    }
    List<String> names =
        config.getAlarms().stream().map(AlarmRef::getName).filter(Objects::nonNull).toList();
    Map<String, AlarmState> states;
    try {
      states = alarms.states(names);
    } catch (FleetException e) {
      return Boolean.TRUE.equals(config.getIgnorePollAlarmFailure())
          ? Optional.empty()
          : Optional.of("the alarms could not be read: " + e.getMessage());
    }
    return names.stream()
        .filter(name -> states.get(name) == AlarmState.ALARM)
        .findFirst()
        .map(name -> "CloudWatch alarm " + name + " is in ALARM");
  }

  private static boolean watched(
      Deployment deployment, DeploymentGroup group, DeploymentProgress progress) {
    AlarmConfiguration config = group.getSpec().getAlarmConfiguration();
    return config != null
        && Boolean.TRUE.equals(config.getEnabled())
        && config.getAlarms() != null
        && !config.getAlarms().isEmpty()
        && !Boolean.TRUE.equals(deployment.getSpec().getIgnoreAlarms())
        && progress.status().getErrorInformation() == null;
  }

  private void read(AlarmConfiguration config, DeploymentProgress progress) {
    List<String> names =
        config.getAlarms().stream().map(AlarmRef::getName).filter(Objects::nonNull).toList();
    boolean ignoreFailure = Boolean.TRUE.equals(config.getIgnorePollAlarmFailure());
    Map<String, AlarmState> states;
    try {
      states = alarms.states(names);
    } catch (FleetException e) {
      unreadable(progress, ignoreFailure, "the alarms could not be read: " + e.getMessage());
      return;
    }
    for (String name : names) {
      AlarmState state = states.get(name);
      if (state == AlarmState.ALARM) {
        String message = "stopped: CloudWatch alarm " + name + " is in ALARM";
        progress.error(ErrorCode.ALARM_ACTIVE, message);
        progress.event(EventReason.AlarmActive, message);
        return;
      }
    }
    for (String name : names) {
      if (!states.containsKey(name)) {
        unreadable(progress, ignoreFailure, "CloudWatch alarm " + name + " does not exist");
        return;
      }
    }
  }

  private static void unreadable(
      DeploymentProgress progress, boolean ignoreFailure, String problem) {
    if (ignoreFailure) {
      progress.event(
          EventReason.AlarmUnreadable, problem + "; going on (ignorePollAlarmFailure is true)");
      return;
    }
    String message = "stopped: " + problem + " (set ignorePollAlarmFailure to go on regardless)";
    progress.error(ErrorCode.ALARM_ACTIVE, message);
    progress.event(EventReason.AlarmUnreadable, message);
  }
}
