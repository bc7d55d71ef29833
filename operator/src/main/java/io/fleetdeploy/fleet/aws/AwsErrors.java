package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into {@link FleetException}s a controller can act on: retry later
 * (throttled, transient) or report to the user (access denied, missing things, invalid requests).
 */
final class AwsErrors {
  private AwsErrors() {}

  /** Runs an AWS call; {@code what} says in words what was being done, for the message. */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw classify(what, e);
    }
  }

  static void run(String what, Runnable call) {
    call(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  static FleetException classify(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(service);
      String message =
          what
              + ": "
              + (code.isEmpty() ? "HTTP " + service.statusCode() : code)
              + ": "
              + errorMessage(service);
      if (service.isThrottlingException()) {
        return new FleetException(
            FleetError.THROTTLED, message + " (still throttled after the SDK's retries)", e);
      }
      if (service.statusCode() == 403
          || code.contains("AccessDenied")
          || code.contains("UnauthorizedOperation")
          || code.equals("UnrecognizedClientException")
          || code.equals("InvalidClientTokenId")) {
        return new FleetException(
            FleetError.ACCESS_DENIED,
            message + " (check the operator's IAM role against docs/iam-policy.json)",
            e);
      }
      // 409: a concurrent change; 5xx: the service's own trouble. Both pass with time.
      if (service.statusCode() >= 500 || service.statusCode() == 409) {
        return new FleetException(FleetError.TRANSIENT, message, e);
      }
      return new FleetException(FleetError.INVALID_REQUEST, message, e);
    }
    return new FleetException(FleetError.TRANSIENT, what + ": " + e.getMessage(), e);
  }

  static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }

  private static String errorMessage(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message == null || message.isBlank() ? e.getMessage() : message;
  }
}
