package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.SimRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Who may touch an object: any signed request (signatures are not verified, any credentials do), or
 * a presigned URL that is complete and not expired. Anonymous requests are denied, as on a private
 * bucket.
 */
final class S3Authorization {
  static final long MAX_EXPIRES_SECONDS = 604_800;

  private S3Authorization() {}

  static void check(SimRequest request, Instant now) {
    String authorization = request.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      return;
    }
    QueryArgs q = request.query();
    if (q.has("X-Amz-Algorithm") || q.has("X-Amz-Signature") || q.has("X-Amz-Credential")) {
      checkSigV4Presign(q, now);
      return;
    }
    if (q.has("Signature") && q.has("Expires")) {
      checkSigV2Presign(q, now);
      return;
    }
    throw new ApiException("AccessDenied", "Access Denied", 403);
  }

  private static void checkSigV4Presign(QueryArgs q, Instant now) {
    for (String name :
        new String[] {
          "X-Amz-Algorithm",
          "X-Amz-Credential",
          "X-Amz-Signature",
          "X-Amz-Date",
          "X-Amz-SignedHeaders",
          "X-Amz-Expires"
        }) {
      String v = q.get(name);
      if (v == null || v.isEmpty()) {
        throw new ApiException(
            "AuthorizationQueryParametersError",
            "Query-string authentication version 4 requires"
                + " the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and"
                + " X-Amz-Expires parameters.",
            400);
      }
    }
    if (!"AWS4-HMAC-SHA256".equals(q.get("X-Amz-Algorithm"))) {
      throw new ApiException(
          "AuthorizationQueryParametersError",
          "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"",
          400);
    }
    long expires;
    try {
      expires = Long.parseLong(q.get("X-Amz-Expires"));
    } catch (NumberFormatException e) {
      throw new ApiException(
          "AuthorizationQueryParametersError", "X-Amz-Expires should be a number", 400);
    }
    if (expires < 0) {
      throw new ApiException(
          "AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative", 400);
    }
    if (expires > MAX_EXPIRES_SECONDS) {
      throw new ApiException(
          "AuthorizationQueryParametersError",
          "X-Amz-Expires must be less than a week (in seconds) that is 604800",
          400);
    }
    Instant signed;
    try {
      signed = AwsTime.parseAmzDate(q.get("X-Amz-Date"));
    } catch (DateTimeParseException e) {
      throw new ApiException(
          "AuthorizationQueryParametersError",
          "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
          400);
    }
    Instant expiry = signed.plusSeconds(expires);
    if (now.isAfter(expiry)) {
      throw new ApiException("AccessDenied", "Request has expired", 403)
          .with("X-Amz-Expires", String.valueOf(expires))
          .with("Expires", AwsTime.iso(expiry))
          .with("ServerTime", AwsTime.iso(now));
    }
  }

  private static void checkSigV2Presign(QueryArgs q, Instant now) {
    long expires;
    try {
      expires = Long.parseLong(q.get("Expires"));
    } catch (NumberFormatException e) {
      throw new ApiException(
          "AccessDenied", "Invalid date (should be seconds since epoch): " + q.get("Expires"), 403);
    }
    if (now.getEpochSecond() > expires) {
      throw new ApiException("AccessDenied", "Request has expired", 403)
          .with("Expires", AwsTime.iso(Instant.ofEpochSecond(expires)))
          .with("ServerTime", AwsTime.iso(now));
    }
  }
}
