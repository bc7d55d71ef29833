package io.fleetdeploy.simulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS error answer: the service's error code (exactly as AWS spells it), a message and the HTTP
 * status. Each service renders it in its own protocol's error shape.
 */
public final class ApiException extends RuntimeException {
  private final String code;
  private final int status;
  private final Map<String, String> details = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiException(String code, String message, int status) {
    super(message);
    this.code = code;
    this.status = status;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(code, message, 400);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** Extra error members some protocols carry (S3's Key, BucketName, ...). */
  public Map<String, String> details() {
    return details;
  }

  /** HTTP headers that go with the error answer (S3's x-amz-delete-marker, ...). */
  public Map<String, String> headers() {
    return headers;
  }

  public ApiException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public ApiException with(String name, String value) {
    if (value != null) {
      details.put(name, value);
    }
    return this;
  }
}
