package io.fleetdeploy.policy;

import io.fleetdeploy.fleet.TargetSelector;
import java.util.Optional;

/**
 * What a namespace asks for: a group's targets, and where a deployment's revision comes from (empty
 * when only the targets are checked).
 */
public record PolicyRequest(String namespace, TargetSelector targets, Optional<Source> revision) {

  /** Where a revision's bytes come from. */
  public sealed interface Source {
    record S3(String bucket) implements Source {}

    record Url(String url) implements Source {}
  }
}
