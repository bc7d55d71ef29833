package io.fleetdeploy.simulator.ssm;

import java.time.Instant;

/** One stored version of an SSM document. */
record DocumentVersion(
    String name,
    int version,
    String versionName,
    String displayName,
    String content,
    String format,
    String sha256,
    String sha1,
    Instant createdDate,
    String owner,
    String documentType,
    String targetType,
    DocumentModel model) {}
