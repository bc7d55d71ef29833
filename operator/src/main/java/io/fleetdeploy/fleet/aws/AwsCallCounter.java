package io.fleetdeploy.fleet.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every HTTP attempt the SDK makes, by service and operation, and the attempts answered with
 * throttling: what the metrics and the benchmark report as AWS calls.
 */
public final class AwsCallCounter implements ExecutionInterceptor {
  private static final Pattern THROTTLING =
      Pattern.compile("Throttl|RequestLimitExceeded|SlowDown|TooManyRequests|RequestThrottled");

  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
  private volatile CallListener listener = (api, wasThrottled) -> {};

  /** Told of each attempt as it completes (e.g. to feed Micrometer counters). */
  public interface CallListener {
    void onCall(String api, boolean throttled);
  }

  public void listener(CallListener listener) {
    this.listener = listener;
  }

  /** Publishes every attempt as {@code fleetdeploy_aws_calls_total{api}} and throttles likewise. */
  public void publishTo(io.micrometer.core.instrument.MeterRegistry registry) {
    listener(
        (api, wasThrottled) -> {
          registry.counter("fleetdeploy.aws.calls", "api", api).increment();
          if (wasThrottled) {
            registry.counter("fleetdeploy.aws.throttles", "api", api).increment();
          }
        });
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    String api = api(attributes);
    calls.computeIfAbsent(api, k -> new LongAdder()).increment();
    Optional<InputStream> content = context.responseBody();
    boolean wasThrottled = false;
    if (context.httpResponse().statusCode() >= 400) {
      // Error bodies are small; the throttling code is only in the body for the query protocols
      // (EC2, Auto Scaling), so read it and hand the SDK a fresh copy to unmarshal.
      byte[] body = content.map(AwsCallCounter::readAll).orElse(new byte[0]);
      String text = new String(body, StandardCharsets.UTF_8);
      wasThrottled =
          context.httpResponse().statusCode() == 429
              || THROTTLING.matcher(text).find()
              || context
                  .httpResponse()
                  .firstMatchingHeader("x-amzn-ErrorType")
                  .filter(t -> THROTTLING.matcher(t).find())
                  .isPresent();
      content = Optional.of(new ByteArrayInputStream(body));
      if (wasThrottled) {
        throttled.computeIfAbsent(api, k -> new LongAdder()).increment();
      }
    }
    listener.onCall(api, wasThrottled);
    return content;
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String api(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
        + "."
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  /** Attempts so far by "Service.Operation", sorted. */
  public Map<String, Long> calls() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Throttled attempts so far by "Service.Operation", sorted. */
  public Map<String, Long> throttled() {
    Map<String, Long> out = new TreeMap<>();
    throttled.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void reset() {
    calls.clear();
    throttled.clear();
  }
}
