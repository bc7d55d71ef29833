package io.fleetdeploy.simulator.cloudwatch;

import io.fleetdeploy.simulator.codec.Cbor;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon CloudWatch over the Smithy RPC v2 CBOR protocol the AWS SDK for Java 2.x speaks to it
 * ({@code POST /service/GraniteServiceVersion20100801/operation/<Operation>}, CBOR bodies):
 * DescribeAlarms, SetAlarmState and PutMetricAlarm (which only creates the alarm by name).
 */
public final class CloudWatchService implements AwsService {
  private static final String PATH = "/service/GraniteServiceVersion20100801/operation/";
  private static final List<String> OPERATIONS =
      List.of("DescribeAlarms", "SetAlarmState", "PutMetricAlarm");

  private final Alarms alarms;

  public CloudWatchService(Alarms alarms) {
    this.alarms = alarms;
  }

  @Override
  public String name() {
    return "monitoring";
  }

  @Override
  public String operation(SimRequest request) {
    String path = request.rawPath();
    String operation = path.startsWith(PATH) ? path.substring(PATH.length()) : "";
    if (!OPERATIONS.contains(operation)) {
      throw new ApiException(
          "UnknownOperationException", "the simulator does not implement " + path, 404);
    }
    return operation;
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    Map<String, Object> input = map(decode(request));
    Map<String, Object> output = new LinkedHashMap<>();
    switch (operation) {
      case "DescribeAlarms" -> {
        List<String> names = new ArrayList<>();
        if (input.get("AlarmNames") instanceof List<?> given) {
          given.forEach(n -> names.add(String.valueOf(n)));
        }
        List<Object> metricAlarms = new ArrayList<>();
        for (Alarms.Alarm alarm : alarms.describe(names)) {
          Map<String, Object> a = new LinkedHashMap<>();
          a.put("AlarmName", alarm.name());
          a.put("AlarmArn", alarm.arn());
          a.put("StateValue", alarm.state());
          a.put("StateReason", alarm.reason());
          a.put("StateUpdatedTimestamp", alarm.updated());
          metricAlarms.add(a);
        }
        output.put("MetricAlarms", metricAlarms);
        output.put("CompositeAlarms", List.of());
      }
      case "SetAlarmState" ->
          alarms.setState(
              required(input, "AlarmName"),
              required(input, "StateValue"),
              String.valueOf(input.getOrDefault("StateReason", "")));
      case "PutMetricAlarm" -> alarms.create(required(input, "AlarmName"));
      default -> throw new IllegalStateException(operation);
    }
    return cbor(200, output);
  }

  private static Object decode(SimRequest request) {
    try {
      return Cbor.decode(request.body());
    } catch (RuntimeException e) {
      throw ApiException.badRequest("SerializationException", "not CBOR: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw ApiException.badRequest("SerializationException", "the request body is not a map");
  }

  private static String required(Map<String, Object> input, String name) {
    Object value = input.get(name);
    if (value == null || String.valueOf(value).isEmpty()) {
      throw ApiException.badRequest("InvalidParameterValue", name + " is required");
    }
    return String.valueOf(value);
  }

  private static SimResponse cbor(int status, Map<String, Object> body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/cbor");
    headers.put("smithy-protocol", "rpc-v2-cbor");
    return new SimResponse(status, headers, Cbor.encode(body));
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", "com.amazonaws.cloudwatch#" + e.code());
    body.put("message", e.getMessage());
    return cbor(e.status(), body)
        .withHeader(
            "x-amzn-query-error", e.code() + ";" + (e.status() >= 500 ? "Receiver" : "Sender"))
        .withHeader("x-amzn-RequestId", request.requestId());
  }

  @Override
  public ApiException throttled() {
    return new ApiException("Throttling", "Rate exceeded", 400);
  }
}
