package io.fleetdeploy.testing.fleet;

import io.fleetdeploy.fleet.Alarms;
import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.FleetServices;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.fleet.HostOutputReader;
import io.fleetdeploy.fleet.InstanceState;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.LoadBalancers;
import io.fleetdeploy.fleet.OutputLocation;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.fleet.RevisionStore;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fleet port over an {@link InMemoryAws}: what one operator incarnation sees. Each call is one
 * "AWS call" (counted, gated for crash points, failing when the world is told to), and follows the
 * contract the AWS adapter follows: sends are idempotent per deployment and batch (earlier sends
 * found by their comment), SendCommand refuses instances that are not SSM-managed and running.
 */
public final class InMemoryFleetServices {
  private static final String COMMENT_PREFIX = "fleetdeploy ";

  private InMemoryFleetServices() {}

  public static FleetServices over(InMemoryAws aws, Path scratch) {
    return new FleetServices(
        new InMemoryFleet(aws),
        new InMemoryExecutor(aws),
        new InMemoryHooks(aws),
        new InMemoryRevisions(aws, scratch),
        new InMemoryLoadBalancers(aws),
        new InMemoryAlarms(aws),
        aws.topics());
  }

  /**
   * Target groups and Classic Load Balancers share {@link InMemoryTraffic}'s balancers, keyed by
   * ARN or by name; each call is accounted as the IAM action the AWS adapter would need for it.
   */
  static final class InMemoryLoadBalancers implements LoadBalancers {
    private final InMemoryAws aws;

    InMemoryLoadBalancers(InMemoryAws aws) {
      this.aws = aws;
    }

    private static String key(Target target) {
      return target instanceof ClassicLoadBalancer classic
          ? classic.name()
          : ((TargetGroup) target).arn();
    }

    private static String action(Target target, String v2, String classic) {
      return "elasticloadbalancing:" + (target instanceof ClassicLoadBalancer ? classic : v2);
    }

    @Override
    public void deregister(Target target, Collection<String> instanceIds) {
      run(
          aws,
          action(target, "DeregisterTargets", "DeregisterInstancesFromLoadBalancer"),
          () -> aws.traffic().deregister(key(target), instanceIds));
    }

    @Override
    public void register(Target target, Collection<String> instanceIds) {
      run(
          aws,
          action(target, "RegisterTargets", "RegisterInstancesWithLoadBalancer"),
          () -> aws.traffic().register(key(target), instanceIds));
    }

    @Override
    public Map<String, TargetHealth> health(Target target, Collection<String> instanceIds) {
      return call(
          aws,
          action(target, "DescribeTargetHealth", "DescribeInstanceHealth"),
          () -> aws.traffic().healthOf(key(target), instanceIds));
    }

    @Override
    public Duration drainDelay(Target target) {
      return call(
          aws,
          action(target, "DescribeTargetGroupAttributes", "DescribeLoadBalancerAttributes"),
          () -> aws.traffic().drainDelay(key(target)));
    }
  }

  static final class InMemoryAlarms implements Alarms {
    private final InMemoryAws aws;

    InMemoryAlarms(InMemoryAws aws) {
      this.aws = aws;
    }

    @Override
    public Map<String, AlarmState> states(Collection<String> alarmNames) {
      return call(aws, "cloudwatch:DescribeAlarms", () -> aws.traffic().alarmStates(alarmNames));
    }
  }

  /**
   * Reads hosts' full output where the in-memory SSM kept it, as CloudWatch Logs GetLogEvents and
   * S3 GetObject would: a missing stream or object is the service's not-found error.
   */
  public static HostOutputReader outputReader(InMemoryAws aws) {
    return new HostOutputReader() {
      @Override
      public String read(OutputLocation location) {
        return call(
            aws,
            location.inCloudWatch() ? "logs:GetLogEvents" : "s3:GetObject",
            () ->
                aws.keptOutput(location)
                    .orElseThrow(
                        () ->
                            new FleetException(
                                FleetError.INVALID_REQUEST,
                                location.inCloudWatch()
                                    ? "CloudWatch Logs GetLogEvents: ResourceNotFoundException: The"
                                        + " specified log stream does not exist."
                                    : "S3 GetObject: NoSuchKey: The specified key does not exist.")));
      }

      @Override
      public OutputLocation locate(HostOutput output, String commandId, String instanceId) {
        return InMemoryAws.outputLocation(output, commandId, instanceId);
      }
    };
  }

  private static <T> T call(InMemoryAws aws, String operation, Supplier<T> body) {
    aws.call(operation);
    T result = body.get();
    aws.called(operation);
    return result;
  }

  private static void run(InMemoryAws aws, String operation, Runnable body) {
    call(
        aws,
        operation,
        () -> {
          body.run();
          return null;
        });
  }

  static final class InMemoryFleet implements Fleet {
    private final InMemoryAws aws;

    InMemoryFleet(InMemoryAws aws) {
      this.aws = aws;
    }

    @Override
    public List<FleetInstance> findTargets(TargetSelector selector) {
      return call(
          aws,
          "ec2:DescribeInstances",
          () ->
              aws.allInstances().stream()
                  .filter(
                      i ->
                          i.state() != InstanceState.TERMINATED
                              && i.state() != InstanceState.SHUTTING_DOWN)
                  .filter(
                      i ->
                          i.lifecycleState()
                              .map(
                                  s ->
                                      !s.startsWith("Terminating")
                                          && !s.startsWith("Detach")
                                          && !s.equals("Terminated"))
                              .orElse(true))
                  .filter(i -> matches(selector, i))
                  .sorted(java.util.Comparator.comparing(FleetInstance::id))
                  .toList());
    }

    private static boolean matches(TargetSelector selector, FleetInstance i) {
      if (i.onPremises()) {
        return selector.onPremisesTagFilters().stream().anyMatch(f -> f.matches(i.tags()));
      }
      if (i.autoScalingGroup().isPresent()
          && selector.autoScalingGroups().contains(i.autoScalingGroup().get())) {
        return true;
      }
      if (selector.ec2TagFilters().stream().anyMatch(f -> f.matches(i.tags()))) {
        return true;
      }
      return !selector.ec2TagSet().isEmpty()
          && selector.ec2TagSet().stream()
              .allMatch(set -> set.stream().anyMatch((TagFilter f) -> f.matches(i.tags())));
    }

    @Override
    public Map<String, FleetInstance> describe(Collection<String> instanceIds) {
      return call(aws, "ec2:DescribeInstances", () -> aws.describe(instanceIds));
    }
  }

  static final class InMemoryExecutor implements HostExecutor {
    private final InMemoryAws aws;

    InMemoryExecutor(InMemoryAws aws) {
      this.aws = aws;
    }

    private static String batchPrefix(String deploymentId, int batch, int part) {
      return COMMENT_PREFIX
          + deploymentId
          + " b"
          + batch
          + (part == HostExecutor.HostCommand.WHOLE ? "" : "p" + part)
          + " c";
    }

    @Override
    public List<String> send(HostCommand command, List<String> instanceIds) {
      List<InMemoryAws.CommandView> earlier =
          call(
              aws,
              "ssm:ListCommands",
              () ->
                  aws.commandsWithCommentPrefix(
                      batchPrefix(command.deploymentId(), command.batch(), command.part())));
      Set<String> covered = new LinkedHashSet<>();
      List<String> out = new ArrayList<>();
      for (InMemoryAws.CommandView c : earlier) {
        if (c.invocations().stream().anyMatch(i -> instanceIds.contains(i.instanceId()))) {
          out.add(c.id());
          c.invocations().forEach(i -> covered.add(i.instanceId()));
        }
      }
      List<String> missing =
          instanceIds.stream().filter(id -> !covered.contains(id)).distinct().toList();
      int chunk = earlier.size();
      for (int from = 0; from < missing.size(); from += 50) {
        List<String> ids = missing.subList(from, Math.min(missing.size(), from + 50));
        String comment =
            batchPrefix(command.deploymentId(), command.batch(), command.part()) + chunk++;
        InMemoryAws.SendOutcome sent =
            call(
                aws,
                "ssm:SendCommand",
                () ->
                    aws.sendCommand(
                        comment,
                        command.planJson(),
                        ids,
                        command.deliveryTimeout(),
                        command.executionTimeout(),
                        command.output()));
        sent.commandId().ifPresent(out::add);
        sent.refused().forEach(id -> out.add(REFUSED_PREFIX + id));
      }
      return List.copyOf(out);
    }

    @Override
    public List<String> sentEarlier(
        String deploymentId, int batch, int part, Instant deploymentStart) {
      return call(
          aws,
          "ssm:ListCommands",
          () ->
              aws.commandsWithCommentPrefix(batchPrefix(deploymentId, batch, part)).stream()
                  .map(InMemoryAws.CommandView::id)
                  .toList());
    }

    @Override
    public List<Invocation> invocations(Collection<String> commandIds) {
      List<Invocation> out = new ArrayList<>();
      for (String id : commandIds) {
        if (id.startsWith(REFUSED_PREFIX)) {
          out.add(
              new Invocation(
                  id,
                  id.substring(REFUSED_PREFIX.length()),
                  InvocationState.REFUSED,
                  "",
                  "",
                  "SSM refused to send to the instance (InvalidInstanceId)",
                  Instant.EPOCH));
          continue;
        }
        InMemoryAws.CommandView command =
            call(aws, "ssm:ListCommandInvocations", () -> aws.command(id))
                .orElseThrow(
                    () -> new FleetException(FleetError.INVALID_REQUEST, "no command " + id));
        command
            .invocations()
            .forEach(
                i ->
                    out.add(
                        new Invocation(
                            id,
                            i.instanceId(),
                            i.state(),
                            i.stdout(),
                            "",
                            i.detail(),
                            i.requestedAt(),
                            i.output())));
      }
      return out;
    }

    @Override
    public void cancel(String commandId, Collection<String> instanceIds) {
      if (!commandId.startsWith(REFUSED_PREFIX)) {
        run(aws, "ssm:CancelCommand", () -> aws.cancel(commandId, instanceIds));
      }
    }

    @Override
    public void forget(Collection<String> commandIds) {
      // Nothing kept between calls.
    }
  }

  static final class InMemoryHooks implements LifecycleHooks {
    private final InMemoryAws aws;

    InMemoryHooks(InMemoryAws aws) {
      this.aws = aws;
    }

    @Override
    public List<Hook> hooks(String autoScalingGroup) {
      return call(aws, "autoscaling:DescribeLifecycleHooks", () -> aws.hooks(autoScalingGroup));
    }

    @Override
    public void put(Hook hook) {
      run(aws, "autoscaling:PutLifecycleHook", () -> aws.putHookByOperator(hook));
    }

    @Override
    public void remove(String autoScalingGroup, String hookName) {
      run(
          aws,
          "autoscaling:DeleteLifecycleHook",
          () -> aws.removeHookByOperator(autoScalingGroup, hookName));
    }

    @Override
    public List<WaitingInstance> waiting(String autoScalingGroup) {
      return call(
          aws, "autoscaling:DescribeAutoScalingInstances", () -> aws.waiting(autoScalingGroup));
    }

    @Override
    public void heartbeat(String autoScalingGroup, String hookName, String instanceId) {
      run(
          aws,
          "autoscaling:RecordLifecycleActionHeartbeat",
          () -> aws.heartbeat(autoScalingGroup, hookName, instanceId));
    }

    @Override
    public void complete(
        String autoScalingGroup, String hookName, String instanceId, Result result) {
      run(
          aws,
          "autoscaling:CompleteLifecycleAction",
          () -> aws.complete(autoScalingGroup, hookName, instanceId, result));
    }
  }

  static final class InMemoryRevisions implements RevisionStore {
    private final InMemoryAws aws;
    private final Path scratch;

    InMemoryRevisions(InMemoryAws aws, Path scratch) {
      this.aws = aws;
      this.scratch = scratch;
    }

    @Override
    public PinnedBundle pin(RevisionLocation location) {
      return call(
          aws,
          "s3:GetObject",
          () -> {
            if (!(location instanceof RevisionLocation.S3 s3)) {
              throw new FleetException(
                  FleetError.REVISION_MISSING, "the in-memory fleet serves S3 revisions only");
            }
            Optional<String> version =
                s3.version().or(() -> aws.latestVersion(s3.bucket(), s3.key()));
            byte[] bytes =
                aws.bundle(s3.bucket(), s3.key(), version)
                    .orElseThrow(
                        () ->
                            new FleetException(
                                FleetError.REVISION_MISSING,
                                "s3://"
                                    + s3.bucket()
                                    + "/"
                                    + s3.key()
                                    + version.map(v -> "?versionId=" + v).orElse("")
                                    + " does not exist"));
            String sha256 = sha256(bytes);
            if (s3.expectedSha256().isPresent()
                && !s3.expectedSha256().get().equalsIgnoreCase(sha256)) {
              throw new FleetException(
                  FleetError.REVISION_MISSING,
                  "s3://" + s3.bucket() + "/" + s3.key() + " does not have the expected sha256");
            }
            try {
              Files.createDirectories(scratch);
              Path file = Files.createTempFile(scratch, "bundle-", "." + s3.bundleType());
              Files.write(file, bytes);
              return new PinnedBundle(
                  location,
                  sha256,
                  bytes.length,
                  version,
                  Optional.of("\"" + sha256.substring(0, 32) + "\""),
                  file);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }

    @Override
    public URI hostDownloadUrl(PinnedBundle bundle, Duration validity) {
      return URI.create(
          "https://in-memory.invalid/" + bundle.sha256() + "?expires=" + validity.toSeconds());
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
