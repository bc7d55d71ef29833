package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.Alarms;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** CloudWatch alarms, read with one DescribeAlarms call (up to 100 names; a group has 10). */
final class AwsAlarms implements Alarms {
  private final AwsClients aws;

  AwsAlarms(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Map<String, AlarmState> states(Collection<String> alarmNames) {
    Map<String, AlarmState> out = new LinkedHashMap<>();
    if (alarmNames.isEmpty()) {
      return out;
    }
    List<MetricAlarm> alarms =
        AwsErrors.call(
            "reading CloudWatch alarms " + alarmNames,
            () ->
                aws.cloudWatch()
                    .describeAlarms(r -> r.alarmNames(List.copyOf(alarmNames)).maxRecords(100))
                    .metricAlarms());
    for (MetricAlarm alarm : alarms) {
      out.put(alarm.alarmName(), state(alarm.stateValue()));
    }
    return out;
  }

  private static AlarmState state(StateValue value) {
    if (value == StateValue.ALARM) {
      return AlarmState.ALARM;
    }
    return value == StateValue.OK ? AlarmState.OK : AlarmState.INSUFFICIENT_DATA;
  }
}
