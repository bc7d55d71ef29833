package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the demo shows of a Deployment: who made it, which revision, how far it got, how long it
 * took.
 */
final class DeploymentFacts {
  private static final Set<DeploymentPhase> FINAL =
      Set.of(DeploymentPhase.Succeeded, DeploymentPhase.Failed, DeploymentPhase.Stopped);

  private DeploymentFacts() {}

  /** {@code name}, or {@code namespace/name} outside the default namespace. */
  static String key(Deployment d) {
    String namespace = d.getMetadata().getNamespace();
    return DemoFleet.NAMESPACE.equals(namespace) || namespace == null
        ? d.getMetadata().getName()
        : namespace + "/" + d.getMetadata().getName();
  }

  /** user, deploymentGroup, autoscaling or rollback. */
  static String creator(Deployment d) {
    if (d.getMetadata().getLabels() != null
        && d.getMetadata().getLabels().containsKey(Labels.CREATOR)) {
      return d.getMetadata().getLabels().get(Labels.CREATOR);
    }
    return "user";
  }

  static Optional<DeploymentPhase> phase(Deployment d) {
    return Optional.ofNullable(d.getStatus()).map(DeploymentStatus::getPhase);
  }

  static boolean finished(Deployment d) {
    return phase(d).map(FINAL::contains).orElse(false);
  }

  static boolean succeeded(Deployment d) {
    return phase(d).orElse(null) == DeploymentPhase.Succeeded;
  }

  /**
   * The pinned revision's short name (file name and digest prefix), else the declared one's file
   * name.
   */
  static String revision(Deployment d) {
    if (d.getStatus() != null
        && d.getStatus().getRevision() != null
        && d.getStatus().getRevision().getSummary() != null) {
      String summary = d.getStatus().getRevision().getSummary();
      int at = summary.lastIndexOf('@');
      String where = at < 0 ? summary : summary.substring(0, at);
      return where.substring(where.lastIndexOf('/') + 1) + (at < 0 ? "" : summary.substring(at));
    }
    Revision declared = d.getSpec() == null ? null : d.getSpec().getRevision();
    if (declared == null) {
      return "-";
    }
    String where =
        declared.getS3() != null ? declared.getS3().getKey() : declared.getUrl().getUrl();
    return where.substring(where.lastIndexOf('/') + 1);
  }

  static List<InstanceStatus> instances(Deployment d) {
    return io.fleetdeploy.controller.InstanceResults.of(d);
  }

  /** Target instances: fixed at start; before that, the ones named in the spec, if any. */
  static int total(Deployment d) {
    if (d.getStatus() != null && d.getStatus().getInstanceCount() != null) {
      return d.getStatus().getInstanceCount();
    }
    if (!instances(d).isEmpty()) {
      return instances(d).size();
    }
    return d.getSpec() != null && d.getSpec().getInstanceIds() != null
        ? d.getSpec().getInstanceIds().size()
        : 0;
  }

  static long count(Deployment d, ExecutionStatus status) {
    return instances(d).stream().filter(i -> i.getStatus() == status).count();
  }

  static boolean done(ExecutionStatus status) {
    return status == ExecutionStatus.Succeeded
        || status == ExecutionStatus.Failed
        || status == ExecutionStatus.Skipped;
  }

  static Optional<Duration> duration(Deployment d) {
    return d.getStatus() == null
        ? Optional.empty()
        : between(d.getStatus().getStartTime(), d.getStatus().getCompletionTime());
  }

  static Optional<Duration> between(String start, String end) {
    if (start == null || end == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.between(Instant.parse(start), Instant.parse(end)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** 1.8s, 42s, 2m05s. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = Math.round(millis / 1000.0);
    return seconds < 120
        ? seconds + "s"
        : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }
}
