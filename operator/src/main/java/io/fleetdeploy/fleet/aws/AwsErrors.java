package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
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
    call(what, () -> {
      call.run();
      return null;
    });
  }

  static FleetException classify(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      String message = what + ": " + code + ": " + (service.awsErrorDetails() == null
          ? service.getMessage() : service.awsErrorDetails().errorMessage());
      if (service.isThrottlingException()) {
        return new FleetException(FleetError.THROTTLED, message, e);
      }
      if (service.statusCode() == 403 || code.contains("AccessDenied") || code.contains("UnauthorizedOperation")) {
        return new FleetException(FleetError.ACCESS_DENIED, message, e);
      }
      if (service.statusCode() >= 500) {
        return new FleetException(FleetError.TRANSIENT, message, e);
      }
      return new FleetException(FleetError.INVALID_REQUEST, message, e);
    }
    if (e instanceof SdkClientException) {
      return new FleetException(FleetError.TRANSIENT, what + ": " + e.getMessage(), e);
    }
    return new FleetException(FleetError.TRANSIENT, what + ": " + e.getMessage(), e);
  }
}
