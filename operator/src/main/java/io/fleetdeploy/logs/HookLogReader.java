package io.fleetdeploy.logs;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.FullLogLocation;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.fleet.HostOutputReader;
import io.fleetdeploy.fleet.OutputLocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The full hook output of one instance in one Deployment, or of one lifecycle event there: read
 * where the group's spec.logging had SSM keep it (CloudWatch Logs or S3). The location comes from
 * status (failed events point to it); for an instance of a running batch it is found from the
 * group's spec.logging and the batch's SSM commands (status drops those once the batch is done, so
 * a succeeded instance's output is then named, not read).
 *
 * <p>Answers in words when the output cannot be had ({@link HookLog.Unavailable}), never throws for
 * a missing log: callers (the kubectl plugin, the dashboard) show the reason as it is.
 */
public final class HookLogReader {
  private final HostOutputReader reader;

  public HookLogReader(HostOutputReader reader) {
    this.reader = reader;
  }

  /**
   * The full output of one instance in a deployment, from where the group's logging put it.
   *
   * @param group the deployment's group, when it still exists (to find the output of instances
   *     whose status has no pointer)
   * @param event a lifecycle event name, or empty for the whole output
   */
  public HookLog read(
      Deployment deployment,
      Optional<DeploymentGroup> group,
      String instanceId,
      Optional<String> event) {
    String name =
        deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    Optional<InstanceStatus> found = InstanceResults.find(deployment, instanceId);
    if (found.isEmpty()) {
      List<String> ids =
          InstanceResults.of(deployment).stream().map(InstanceStatus::getId).limit(5).toList();
      return new HookLog.Unavailable(
          "deployment "
              + name
              + " has no instance "
              + instanceId
              + (ids.isEmpty()
                  ? " (it has not started any)"
                  : " (its instances: "
                      + String.join(", ", ids)
                      + (InstanceResults.of(deployment).size() > 5 ? ", ..." : "")
                      + ")"));
    }
    InstanceStatus instance = found.get();
    HostOutput output = group.map(GroupLogging::of).orElse(HostOutput.NONE);
    Set<OutputLocation> candidates = new LinkedHashSet<>(recorded(instance, event));
    candidates.addAll(fromBatch(deployment, instance, output));
    if (candidates.isEmpty()) {
      return new HookLog.Unavailable(whyNoLocation(deployment, group, instance, output));
    }
    List<String> failures = new ArrayList<>();
    for (OutputLocation where : candidates) {
      try {
        String text = reader.read(where);
        return section(text, where, instanceId, event);
      } catch (FleetException e) {
        failures.add(e.getMessage());
      }
    }
    return new HookLog.Unavailable(
        "could not read the output of "
            + instanceId
            + " in deployment "
            + name
            + ": "
            + String.join("; ", failures));
  }

  private static HookLog section(
      String text, OutputLocation where, String instanceId, Optional<String> event) {
    if (event.isEmpty()) {
      return new HookLog.Text(text, describe(where));
    }
    Optional<String> part = LogSections.event(text, event.get());
    if (part.isPresent()) {
      return new HookLog.Text(part.get(), describe(where));
    }
    List<String> ran = LogSections.events(text);
    return new HookLog.Unavailable(
        "event "
            + event.get()
            + " ran no scripts on "
            + instanceId
            + (ran.isEmpty()
                ? " (no event did in this output; leave out --event to see all of it)"
                : " (events with script output: " + String.join(", ", ran) + ")"));
  }

  /** Locations status records: the requested event's first, then any failed event's. */
  private static List<OutputLocation> recorded(InstanceStatus instance, Optional<String> event) {
    List<OutputLocation> out = new ArrayList<>();
    List<LifecycleEventStatus> events =
        instance.getEvents() == null ? List.of() : instance.getEvents();
    for (LifecycleEventStatus e : events) {
      if (event.isPresent() && !event.get().equals(e.getName())) {
        continue;
      }
      location(e).ifPresent(out::add);
    }
    for (LifecycleEventStatus e : events) {
      location(e).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<OutputLocation> location(LifecycleEventStatus e) {
    if (e.getDiagnostics() == null || e.getDiagnostics().getFullLog() == null) {
      return Optional.empty();
    }
    FullLogLocation l = e.getDiagnostics().getFullLog();
    OutputLocation where =
        new OutputLocation(
            Optional.ofNullable(l.getLogGroupName()),
            Optional.ofNullable(l.getLogStreamName()),
            Optional.ofNullable(l.getS3Bucket()),
            Optional.ofNullable(l.getS3Key()));
    return where.known() ? Optional.of(where) : Optional.empty();
  }

  private List<OutputLocation> fromBatch(
      Deployment deployment, InstanceStatus instance, HostOutput output) {
    if (!output.kept() || instance.getBatch() == null || deployment.getStatus() == null) {
      return List.of();
    }
    List<OutputLocation> out = new ArrayList<>();
    List<BatchStatus> batches =
        deployment.getStatus().getBatches() == null
            ? List.of()
            : deployment.getStatus().getBatches();
    for (BatchStatus batch : batches) {
      if (instance.getBatch().equals(batch.getNumber()) && batch.getCommands() != null) {
        for (String command : batch.getCommands()) {
          if (!command.startsWith("refused:")) {
            out.add(reader.locate(output, command, instance.getId()));
          }
        }
      }
    }
    return out;
  }

  private static String whyNoLocation(
      Deployment deployment,
      Optional<DeploymentGroup> group,
      InstanceStatus instance,
      HostOutput output) {
    String hostLog =
        group
            .map(
                g ->
                    " (on the host: /var/lib/fleetdeploy/groups/"
                        + g.getMetadata().getUid()
                        + "/logs/d-"
                        + deployment.getMetadata().getUid()
                        + ".log)")
            .orElse("");
    if (group.isEmpty()) {
      return "status records no output location for "
          + instance.getId()
          + " (only failed events have one) and its DeploymentGroup is gone";
    }
    if (!output.kept()) {
      return "the full output of "
          + instance.getId()
          + " was not kept outside the host: DeploymentGroup "
          + group.get().getMetadata().getName()
          + " sets no spec.logging (cloudWatch or s3)"
          + hostLog;
    }
    if (instance.getBatch() == null) {
      return "instance " + instance.getId() + " has not been sent anything yet";
    }
    boolean finished =
        instance.getStatus() != null
            && instance.getStatus() != io.fleetdeploy.api.v1alpha1.ExecutionStatus.InProgress
            && instance.getStatus() != io.fleetdeploy.api.v1alpha1.ExecutionStatus.Pending;
    if (finished) {
      // Status drops a batch's command ids once its results are in (it stays small); only failed
      // events keep a pointer.
      return "status keeps where the output is only for failed events and running batches, and "
          + instance.getId()
          + " is "
          + instance.getStatus()
          + ": its output is "
          + output
              .cloudWatchLogGroup()
              .map(
                  g ->
                      "in CloudWatch Logs group "
                          + g
                          + ", stream <command id>/"
                          + instance.getId()
                          + "/fleetdeployRunner/stderr")
              .orElse(
                  "in s3://"
                      + output.s3Bucket().orElse("")
                      + "/"
                      + output.s3KeyPrefix().map(p -> p + "/").orElse("")
                      + "<command id>/"
                      + instance.getId()
                      + "/awsrunShellScript/fleetdeployRunner/stderr");
    }
    return "no SSM command of batch "
        + instance.getBatch()
        + " is recorded in status yet; try again in a few seconds";
  }

  /** Where the output was read, for people. */
  public static String describe(OutputLocation where) {
    if (where.inCloudWatch()) {
      return "CloudWatch Logs group "
          + where.logGroup().get()
          + " stream "
          + where.logStream().get();
    }
    return "s3://" + where.s3Bucket().orElse("") + "/" + where.s3Key().orElse("");
  }
}
