package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the controllers see when AWS says no: each kind of failure becomes the {@link FleetError}
 * that tells them whether to retry, with a message naming the call. Throttling comes from the
 * simulator's faults; access denied, invalid requests and server errors from a canned endpoint
 * answering in each service's error shape; network failure from a closed port.
 */
class AwsErrorMappingTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final TargetSelector WEB =
      TargetSelector.ec2Tags(TagFilter.keyAndValue("app", "web"));

  private static CannedAwsEndpoint canned;
  private static AwsClients cannedClients;

  @BeforeAll
  static void cannedEndpoint() {
    canned = new CannedAwsEndpoint();
    cannedClients = clients(canned.endpoint(), 2);
  }

  @AfterAll
  static void close() {
    cannedClients.close();
    canned.close();
  }

  @AfterEach
  void clearFaults() {
    AWS.simulator().faults().clear();
  }

  @Test
  void throttledBeyondTheRetriesIsThrottledAndRetryable() {
    AwsClients twoAttempts = AWS.newClients(2);
    AWS.simulator().faults().throttlePercent(100);

    assertError(
        () -> new AwsFleet(twoAttempts).findTargets(WEB),
        FleetError.THROTTLED,
        "EC2 DescribeInstances",
        "RequestLimitExceeded");
    assertError(
        () -> new AwsLifecycleHooks(twoAttempts).waiting("any-asg"),
        FleetError.THROTTLED,
        "Auto Scaling DescribeAutoScalingGroups",
        "Throttling");
    assertError(
        () ->
            new SsmHostExecutor(twoAttempts, new RunnerDocument(twoAttempts))
                .invocations(List.of("0b6a4c1e-1111-2222-3333-444455556666")),
        FleetError.THROTTLED,
        "SSM ListCommandInvocations",
        "ThrottlingException");
    assertThat(FleetError.THROTTLED.retryable()).isTrue();
    assertThat(twoAttempts.counter().throttled())
        .containsEntry("Ec2.DescribeInstances", 2L)
        .containsEntry("AutoScaling.DescribeAutoScalingGroups", 2L)
        .containsEntry("Ssm.ListCommandInvocations", 2L);
  }

  @Test
  void accessDeniedIsAccessDeniedInEveryServicesShape() {
    canned.ec2Error(
        403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
    assertError(
        () -> new AwsFleet(cannedClients).findTargets(WEB),
        FleetError.ACCESS_DENIED,
        "EC2 DescribeInstances",
        "UnauthorizedOperation",
        "docs/iam-policy.json");

    canned.autoScalingError(
        403, "AccessDenied", "User is not authorized to perform: autoscaling:PutLifecycleHook");
    assertError(
        () ->
            new AwsLifecycleHooks(cannedClients)
                .put(
                    new LifecycleHooks.Hook(
                        "web-asg",
                        "fleetdeploy-launch",
                        LifecycleHooks.Transition.LAUNCHING,
                        Duration.ofMinutes(5),
                        LifecycleHooks.Result.ABANDON)),
        FleetError.ACCESS_DENIED,
        "PutLifecycleHook",
        "autoscaling:PutLifecycleHook");

    canned.ssmError(
        400,
        "AccessDeniedException",
        "User is not authorized to perform: ssm:ListCommandInvocations");
    assertError(
        () ->
            new SsmHostExecutor(cannedClients, new RunnerDocument(cannedClients))
                .invocations(List.of("0b6a4c1e-1111-2222-3333-444455556666")),
        FleetError.ACCESS_DENIED,
        "SSM ListCommandInvocations",
        "AccessDeniedException");

    canned.answer(403, "application/xml", "");
    assertError(
        () ->
            new AwsRevisionStore(cannedClients)
                .pin(
                    new RevisionLocation.S3(
                        "bundles",
                        "app.tgz",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "tgz")),
        FleetError.ACCESS_DENIED,
        "s3://bundles/app.tgz",
        "s3:ListBucket");
    assertThat(FleetError.ACCESS_DENIED.retryable()).isFalse();
  }

  @Test
  void anInvalidRequestIsInvalidRequestWithTheServicesWordsAndIsNotRetried() {
    canned.ssmError(
        400,
        "ValidationException",
        "1 validation error detected: Value at 'name' failed to satisfy" + " constraint");
    assertError(
        () ->
            new SsmHostExecutor(cannedClients, new RunnerDocument(cannedClients))
                .send(
                    new HostExecutor.HostCommand(
                        "d-invalid",
                        1,
                        "{}",
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        Instant.now()),
                    List.of("i-0123456789abcdef0")),
        FleetError.INVALID_REQUEST,
        "SSM DescribeDocument",
        "ValidationException",
        "failed to satisfy constraint");
    assertThat(canned.requests()).isEqualTo(1);

    canned.ec2Error(400, "InvalidParameterValue", "The filter 'tag:' is invalid");
    assertError(
        () -> new AwsFleet(cannedClients).findTargets(WEB),
        FleetError.INVALID_REQUEST,
        "InvalidParameterValue",
        "The filter 'tag:' is invalid");
    assertThat(canned.requests()).isEqualTo(1);
  }

  @Test
  void serverErrorsAndNetworkFailuresAreTransientAfterTheRetries() throws IOException {
    canned.ssmError(500, "InternalServerError", "An internal error occurred");
    assertError(
        () -> new AwsFleet(cannedClients).describe(List.of("mi-0123456789abcdef0")),
        FleetError.TRANSIENT,
        "SSM DescribeInstanceInformation",
        "InternalServerError");
    assertThat(canned.requests()).isEqualTo(2);

    canned.ec2Error(503, "Unavailable", "The server is overloaded");
    assertError(
        () -> new AwsFleet(cannedClients).describe(List.of("i-0123456789abcdef0")),
        FleetError.TRANSIENT,
        "EC2 DescribeInstances",
        "Unavailable");

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (AwsClients nowhere = clients(URI.create("http://127.0.0.1:" + closedPort), 2)) {
      assertError(
          () -> new AwsFleet(nowhere).findTargets(WEB),
          FleetError.TRANSIENT,
          "EC2 DescribeInstances");
      assertError(
          () -> new AwsLifecycleHooks(nowhere).remove("web-asg", "fleetdeploy-launch"),
          FleetError.TRANSIENT,
          "DeleteLifecycleHook");
    }
    assertThat(FleetError.TRANSIENT.retryable()).isTrue();
  }

  private static void assertError(ThrowingCallable call, FleetError error, String... saying) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(FleetException.class, e -> assertThat(e.error()).isEqualTo(error))
        .message()
        .contains(saying);
  }

  private static AwsClients clients(URI endpoint, int maxAttempts) {
    return new AwsClients(
        new AwsSettings(
            SimulatedAws.REGION,
            Optional.of(endpoint),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("fleetdeploy", "local")),
            maxAttempts));
  }
}
