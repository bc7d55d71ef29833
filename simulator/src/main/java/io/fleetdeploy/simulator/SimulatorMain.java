package io.fleetdeploy.simulator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar fleetdeploy-simulator.jar}: runs a simulator until killed. */
@Command(
    name = "fleetdeploy-simulator",
    mixinStandardHelpOptions = true,
    version = "fleetdeploy-simulator 0.1.0",
    sortOptions = false,
    description = {
      "A local AWS fleet for fleetdeploy: EC2, Auto Scaling, SSM, S3 and STS on one loopback port.",
      "Point AWS SDKs or the AWS CLI at the printed endpoint (any credentials work).",
      ""
    })
public final class SimulatorMain implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "4566",
      paramLabel = "PORT",
      description = "Loopback port to listen on (0 picks a free one; default ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--region",
      defaultValue = "eu-west-1",
      paramLabel = "REGION",
      description = "Region the simulated account lives in (default ${DEFAULT-VALUE}).")
  private String region;

  @Option(
      names = "--instances",
      defaultValue = "0",
      paramLabel = "N",
      description = "Running EC2 instances to start with.")
  private int instances;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "Tag for the --instances (repeatable).")
  private Map<String, String> tags = new LinkedHashMap<>();

  @Option(
      names = "--asg",
      paramLabel = "NAME:DESIRED[:KEY=VALUE[,KEY=VALUE...]]",
      description =
          "Auto Scaling group to create, with tags propagated to its instances (repeatable).")
  private List<String> groups = List.of();

  @Option(
      names = "--managed-instances",
      defaultValue = "0",
      paramLabel = "N",
      description = "On-premises servers (mi-...) registered with SSM.")
  private int managedInstances;

  @Option(
      names = "--throttle-percent",
      defaultValue = "0",
      paramLabel = "P",
      description = "Answer P percent of all API calls with the service's throttling error.")
  private int throttlePercent;

  @Option(
      names = "--latency-ms",
      defaultValue = "0",
      paramLabel = "MS",
      description = "Latency added to every call.")
  private long latencyMs;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "SEED",
      description = "Seed for resource ids and throttling (default ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--max-concurrent-commands",
      defaultValue = "64",
      paramLabel = "N",
      description = "Command processes allowed to run at once (default ${DEFAULT-VALUE}).")
  private int maxConcurrentCommands;

  @Option(
      names = "--hosts",
      defaultValue = "processes",
      paramLabel = "MODE",
      description =
          "processes (default): Run Command runs real processes on each host; modelled: no"
              + " process, each runner command ends after --hook-ms per hooked event with the"
              + " runner's result line.")
  private String hosts;

  @Option(
      names = "--hook-ms",
      defaultValue = "0",
      paramLabel = "MS",
      description = "Modelled hosts: milliseconds per lifecycle event with hooks (default 0).")
  private long hookMs;

  @Option(
      names = "--jitter",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description = "Modelled hosts: each event takes up to this fraction more or less (0-1).")
  private double jitter;

  @Option(
      names = "--failure-rate",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description = "Modelled hosts: the fraction of runs (0-1) in which one hooked event fails.")
  private double failureRate;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory for instance roots (default: a temporary directory removed on exit).")
  private Path dataDir;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SimulatorMain());
    cli.setParameterExceptionHandler(SimulatorMain::badUsage);
    return cli;
  }

  /** One line saying what is wrong, then the usage; exit code 2. */
  private static int badUsage(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("fleetdeploy-simulator: " + e.getMessage());
    cli.usage(err);
    return 2;
  }

  @Override
  public Integer call() throws InterruptedException {
    check(port >= 0 && port <= 65_535, "--port must be within 0-65535, was " + port);
    check(instances >= 0, "--instances must not be negative, was " + instances);
    check(
        managedInstances >= 0, "--managed-instances must not be negative, was " + managedInstances);
    check(
        throttlePercent >= 0 && throttlePercent <= 100,
        "--throttle-percent must be within 0-100, was " + throttlePercent);
    check(latencyMs >= 0, "--latency-ms must not be negative, was " + latencyMs);
    check(
        maxConcurrentCommands >= 1,
        "--max-concurrent-commands must be at least 1, was " + maxConcurrentCommands);
    check(
        region.matches("[a-z]{2}(-[a-z]+)+-\\d"),
        "--region must look like eu-west-1, was " + region);
    check(
        hosts.equals("processes") || hosts.equals("modelled"),
        "--hosts must be processes or modelled, was " + hosts);
    check(hookMs >= 0, "--hook-ms must not be negative, was " + hookMs);
    check(jitter >= 0 && jitter <= 1, "--jitter must be within 0-1, was " + jitter);
    check(
        failureRate >= 0 && failureRate <= 1,
        "--failure-rate must be within 0-1, was " + failureRate);
    List<GroupSpec> groupSpecs = groups.stream().map(this::parseGroup).toList();

    AwsSimulator sim =
        AwsSimulator.builder()
            .port(port)
            .region(region)
            .dataDir(dataDir)
            .seed(seed)
            .maxConcurrentCommands(maxConcurrentCommands)
            .hostModel(
                hosts.equals("modelled")
                    ? new HostModel(Duration.ofMillis(hookMs), jitter, failureRate)
                    : null)
            .build()
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "fd-sim-shutdown"));
    sim.faults().throttlePercent(throttlePercent).latency(Duration.ofMillis(latencyMs));

    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "fleetdeploy simulator listening on "
            + sim.endpoint()
            + " (region "
            + region
            + ", data dir "
            + sim.dataDir()
            + ", "
            + hosts
            + " hosts)");
    sim.addInstances(instances, tags);
    for (int i = 0; i < managedInstances; i++) {
      sim.registerManagedInstance(Map.of());
    }
    for (GroupSpec g : groupSpecs) {
      sim.createAutoScalingGroup(g.name(), 0, Math.max(10, g.desired() * 2), g.desired(), g.tags());
    }
    for (InstanceInfo i : sim.instances()) {
      out.println(
          (i.onPremises() ? "managed-instance " : "instance ")
              + i.id()
              + " "
              + i.state()
              + " "
              + i.privateIp()
              + (i.availabilityZone() == null ? "" : " " + i.availabilityZone())
              + (i.autoScalingGroup() == null ? "" : " asg=" + i.autoScalingGroup())
              + (i.tags().isEmpty() ? "" : " tags=" + i.tags())
              + " root="
              + i.root());
    }
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }

  private record GroupSpec(String name, int desired, Map<String, String> tags) {}

  private GroupSpec parseGroup(String text) {
    String usage = "--asg '" + text + "' must be NAME:DESIRED[:KEY=VALUE[,KEY=VALUE...]]";
    String[] parts = text.split(":", 3);
    check(parts.length >= 2 && !parts[0].isEmpty(), usage);
    int desired;
    try {
      desired = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), usage + " (DESIRED is not a number)");
    }
    check(desired >= 0, usage + " (DESIRED must not be negative)");
    Map<String, String> groupTags = new LinkedHashMap<>();
    if (parts.length == 3 && !parts[2].isEmpty()) {
      for (String pair : parts[2].split(",")) {
        int eq = pair.indexOf('=');
        check(eq > 0, usage + " (tag '" + pair + "' has no KEY=VALUE)");
        groupTags.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new GroupSpec(parts[0], desired, groupTags);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
