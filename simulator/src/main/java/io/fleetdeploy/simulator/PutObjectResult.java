package io.fleetdeploy.simulator;

/**
 * What storing an object produced: its ETag (MD5 hex, unquoted) and version id (null if
 * unversioned).
 */
public record PutObjectResult(String etag, String versionId) {}
