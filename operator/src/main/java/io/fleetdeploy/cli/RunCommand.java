package io.fleetdeploy.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.dashboard.Dashboard;
import io.fleetdeploy.dashboard.DashboardSettings;
import io.fleetdeploy.dashboard.FullEventLogs;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.fleet.aws.AwsFleetServices;
import io.fleetdeploy.fleet.aws.AwsHostOutputReader;
import io.fleetdeploy.fleet.aws.AwsSettings;
import io.fleetdeploy.fleet.aws.RevisionSettings;
import io.fleetdeploy.logs.HookLogReader;
import io.fleetdeploy.operator.FleetdeployOperator;
import io.fleetdeploy.operator.OperatorSettings;
import io.fleetdeploy.operator.ShardSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdeploy run}: the operator, against the cluster of the current kubeconfig or
 * in-cluster.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the operator against the cluster of the current kubeconfig (or the in-cluster service account).",
      "Every option can also be set by the environment variable shown in its description."
    })
public final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--namespaces",
      split = ",",
      paramLabel = "NS",
      defaultValue = "${env:FLEETDEPLOY_NAMESPACES}",
      description =
          "Namespaces to watch, comma-separated; all when empty (env FLEETDEPLOY_NAMESPACES).")
  String[] namespaces;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:FLEETDEPLOY_LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description =
          "Take a Lease before reconciling, so only one replica acts (default true; env FLEETDEPLOY_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--leader-election-namespace",
      paramLabel = "NS",
      defaultValue = "${env:POD_NAMESPACE}",
      description =
          "Namespace of the Lease (default: the pod's namespace, env POD_NAMESPACE, else the kubeconfig's).")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:FLEETDEPLOY_LEASE_NAME:-" + OperatorSettings.DEFAULT_LEASE_NAME + "}",
      description = "Name of the Lease (default ${DEFAULT-VALUE}; env FLEETDEPLOY_LEASE_NAME).")
  String leaseName;

  @Option(
      names = "--http-port",
      defaultValue = "${env:FLEETDEPLOY_HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics (default ${DEFAULT-VALUE}; env FLEETDEPLOY_HTTP_PORT).")
  int httpPort;

  @Option(
      names = "--ui",
      negatable = true,
      arity = "0..1",
      defaultValue = "${env:FLEETDEPLOY_UI:-true}",
      fallbackValue = "true",
      description =
          "Serve the web dashboard on its own port (default true; --ui=false or --no-ui turns it off; env FLEETDEPLOY_UI).")
  boolean ui;

  @Option(
      names = "--ui-port",
      defaultValue = "${env:FLEETDEPLOY_UI_PORT:-" + DashboardSettings.DEFAULT_PORT + "}",
      description =
          "Port of the web dashboard (default ${DEFAULT-VALUE}; env FLEETDEPLOY_UI_PORT).")
  int uiPort;

  @Option(
      names = "--ui-actions",
      defaultValue = "${env:FLEETDEPLOY_UI_ACTIONS:-false}",
      description =
          "Let the dashboard stop, retry and roll back, as the user the authenticating proxy names"
              + " (checked by a SubjectAccessReview); read-only without it (env FLEETDEPLOY_UI_ACTIONS).")
  boolean uiActions;

  @Option(
      names = "--ui-user-header",
      defaultValue =
          "${env:FLEETDEPLOY_UI_USER_HEADER:-" + DashboardSettings.DEFAULT_USER_HEADER + "}",
      description =
          "Header the trusted authenticating proxy names the user in (default ${DEFAULT-VALUE}; env"
              + " FLEETDEPLOY_UI_USER_HEADER).")
  String uiUserHeader;

  @Option(
      names = "--ui-groups-header",
      defaultValue =
          "${env:FLEETDEPLOY_UI_GROUPS_HEADER:-" + DashboardSettings.DEFAULT_GROUPS_HEADER + "}",
      description =
          "Header the proxy lists the user's groups in, comma-separated (default ${DEFAULT-VALUE};"
              + " env FLEETDEPLOY_UI_GROUPS_HEADER).")
  String uiGroupsHeader;

  @Option(
      names = "--aws-region",
      defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "AWS region of the fleet (default ${DEFAULT-VALUE}; env AWS_REGION).")
  String awsRegion;

  @Option(
      names = "--aws-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:FLEETDEPLOY_AWS_ENDPOINT}",
      description =
          "Endpoint override for every AWS service, e.g. LocalStack or the fleetdeploy simulator (env FLEETDEPLOY_AWS_ENDPOINT).")
  URI awsEndpoint;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:FLEETDEPLOY_RECONCILE_THREADS:-20}",
      description =
          "Concurrent reconciles (default ${DEFAULT-VALUE}; env FLEETDEPLOY_RECONCILE_THREADS).")
  int reconcileThreads;

  @Option(
      names = "--max-bundle-mib",
      paramLabel = "MIB",
      defaultValue =
          "${env:FLEETDEPLOY_MAX_BUNDLE_MIB:-" + RevisionSettings.DEFAULT_MAX_BUNDLE_MIB + "}",
      description =
          "Largest bundle the operator reads, in MiB; it holds one at a time in /tmp, which must"
              + " be larger (default ${DEFAULT-VALUE}; env FLEETDEPLOY_MAX_BUNDLE_MIB).")
  long maxBundleMib;

  @Option(
      names = "--allowed-url-prefixes",
      split = ",",
      paramLabel = "URL",
      defaultValue = "${env:FLEETDEPLOY_ALLOWED_URL_PREFIXES}",
      description =
          "The only addresses url revisions may have, comma-separated (scheme, host and port equal, path"
              + " under the prefix's); none by default: only s3 revisions (env FLEETDEPLOY_ALLOWED_URL_PREFIXES).")
  URI[] allowedUrlPrefixes;

  @Option(
      names = "--shard",
      paramLabel = "NAME",
      defaultValue = "${env:FLEETDEPLOY_SHARD}",
      description =
          "Reconcile only the objects labelled fleetdeploy.io/shard=NAME, under a Lease of the shard's"
              + " own; needs --shards (env FLEETDEPLOY_SHARD; see docs/scaling.md).")
  String shard;

  @Option(
      names = "--shards",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "${env:FLEETDEPLOY_SHARDS}",
      description =
          "Every shard, comma-separated, the same list in every replica: the shard assigner labels"
              + " DeploymentGroups and Applications over them (env FLEETDEPLOY_SHARDS).")
  String[] shards;

  @Option(
      names = "--log-format",
      defaultValue = "${env:FLEETDEPLOY_LOG_FORMAT:-text}",
      description =
          "Log format: text or json (default ${DEFAULT-VALUE}; env FLEETDEPLOY_LOG_FORMAT).")
  LogFormat logFormat;

  @Override
  public Integer call() throws Exception {
    logFormat.apply();
    // Checked before anything connects: a wrong prefix stops the operator with one line saying so.
    RevisionSettings revisions = revisionSettings();
    ShardSettings sharding;
    try {
      sharding = shardSettings();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("fleetdeploy run: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    OperatorSettings settings =
        new OperatorSettings(
            namespaces == null
                ? Set.of()
                : Arrays.stream(namespaces)
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet()),
            leaderElection,
            Optional.ofNullable(leaseNamespace).filter(s -> !s.isBlank()),
            leaseName,
            httpPort,
            awsRegion,
            Optional.ofNullable(awsEndpoint),
            reconcileThreads,
            Timing.defaults(),
            Duration.ofSeconds(60));
    Config kubernetes = Config.autoConfigure(null);
    Optional<String> unreachable = ApiServerCheck.problem(kubernetes, System::getenv);
    if (unreachable.isPresent()) {
      spec.commandLine().getErr().println("fleetdeploy run: " + unreachable.get());
      spec.commandLine().getErr().flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
        AwsClients aws =
            new AwsClients(AwsSettings.of(settings.awsRegion(), settings.awsEndpoint()));
        FleetdeployOperator operator =
            new FleetdeployOperator(
                client, settings, AwsFleetServices.create(aws, revisions), sharding)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    operator.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      aws.counter().publishTo(operator.meterRegistry());
      operator.start();
      Dashboard dashboard;
      try {
        dashboard =
            ui
                ? Dashboard.start(
                    client,
                    dashboardSettings(settings),
                    new FullEventLogs(new HookLogReader(new AwsHostOutputReader(aws))),
                    java.time.Clock.systemUTC())
                : null;
      } catch (java.net.BindException e) {
        spec.commandLine()
            .getErr()
            .println(
                "fleetdeploy run: cannot serve the dashboard on port "
                    + uiPort
                    + " ("
                    + e.getMessage()
                    + "): choose another with --ui-port, or turn it off with --ui=false");
        spec.commandLine().getErr().flush();
        return 1;
      }
      try (Dashboard serving = dashboard) {
        stopped.await();
      }
    }
    return 0;
  }

  /**
   * The replica's shard settings; a shard without the list, or the list without a shard, is
   * refused.
   */
  ShardSettings shardSettings() {
    java.util.List<String> all =
        shards == null
            ? java.util.List.of()
            : Arrays.stream(shards).map(String::trim).filter(s -> !s.isEmpty()).toList();
    String own = shard == null || shard.isBlank() ? null : shard.trim();
    if (own == null && all.isEmpty()) {
      return ShardSettings.none();
    }
    if (own == null) {
      throw new IllegalArgumentException(
          "--shards needs --shard: which of " + all + " is this replica's");
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException(
          "--shard " + own + " needs --shards: the list of every shard");
    }
    return ShardSettings.of(own, all);
  }

  DashboardSettings dashboardSettings(OperatorSettings settings) {
    return new DashboardSettings(
        uiPort,
        settings.namespaces(),
        uiActions,
        uiUserHeader,
        uiGroupsHeader,
        java.time.Duration.ofSeconds(15),
        false);
  }

  RevisionSettings revisionSettings() {
    return new RevisionSettings(
        maxBundleMib << 20,
        allowedUrlPrefixes == null
            ? java.util.List.of()
            : Arrays.stream(allowedUrlPrefixes).filter(u -> !u.toString().isBlank()).toList());
  }
}
