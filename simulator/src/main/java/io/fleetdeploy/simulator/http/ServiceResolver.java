package io.fleetdeploy.simulator.http;

import java.util.Locale;

/**
 * Decides which service a request is for, the way an AWS endpoint is chosen: the JSON target
 * header, else the SigV4 credential scope's service name (header or presigned query), else the
 * Query protocol's API version, else S3 (whose REST requests carry none of those when anonymous).
 */
public final class ServiceResolver {
  private ServiceResolver() {}

  public static String resolve(SimRequest request) {
    String target = request.header("X-Amz-Target");
    if (target != null && target.startsWith("AmazonSSM.")) {
      return "ssm";
    }
    if (target != null && target.startsWith("Logs_20140328.")) {
      return "logs";
    }
    String fromAuth = scopeService(request.header("Authorization"));
    if (fromAuth != null) {
      return fromAuth;
    }
    String authorization = request.header("Authorization");
    if (authorization != null && authorization.startsWith("AWS ")) {
      return "s3";
    }
    String credential = request.query().get("X-Amz-Credential");
    if (credential != null) {
      String service = serviceOfCredential(credential);
      if (service != null) {
        return service;
      }
    }
    if ("POST".equals(request.method()) && request.rawPath().equals("/")) {
      String version = request.form().get("Version");
      if ("2016-11-15".equals(version)) {
        return "ec2";
      }
      if ("2011-01-01".equals(version)) {
        return "autoscaling";
      }
      if ("2011-06-15".equals(version)) {
        return "sts";
      }
      if ("2010-03-31".equals(version)) {
        return "sns";
      }
      if ("2012-06-01".equals(version) || "2015-12-01".equals(version)) {
        return "elasticloadbalancing"; // Classic and v2, told apart by ElbApiVersions
      }
    }
    return "s3";
  }

  /** {@code AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ec2/aws4_request, ...} -> ec2. */
  static String scopeService(String authorization) {
    if (authorization == null || !authorization.startsWith("AWS4-")) {
      return null;
    }
    int at = authorization.indexOf("Credential=");
    if (at < 0) {
      return null;
    }
    int end = authorization.indexOf(',', at);
    String credential =
        authorization.substring(
            at + "Credential=".length(), end < 0 ? authorization.length() : end);
    return serviceOfCredential(credential.trim());
  }

  private static String serviceOfCredential(String credential) {
    String[] parts = credential.split("/");
    if (parts.length < 5) {
      return null;
    }
    return parts[parts.length - 2].toLowerCase(Locale.ROOT);
  }
}
