package io.fleetdeploy.simulator;

import com.sun.net.httpserver.HttpServer;
import io.fleetdeploy.simulator.autoscaling.AutoScalingService;
import io.fleetdeploy.simulator.cloudwatch.Alarms;
import io.fleetdeploy.simulator.cloudwatch.CloudWatchService;
import io.fleetdeploy.simulator.ec2.Ec2Service;
import io.fleetdeploy.simulator.elb.ClassicLoadBalancers;
import io.fleetdeploy.simulator.elb.ElbApiVersions;
import io.fleetdeploy.simulator.elb.ElbClassicService;
import io.fleetdeploy.simulator.elb.ElbV2Service;
import io.fleetdeploy.simulator.elb.TargetGroups;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.GroupTag;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.LaunchSpec;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.CallLedger;
import io.fleetdeploy.simulator.http.Router;
import io.fleetdeploy.simulator.logs.CloudWatchLogsService;
import io.fleetdeploy.simulator.logs.LogStore;
import io.fleetdeploy.simulator.s3.BucketStore;
import io.fleetdeploy.simulator.s3.S3Service;
import io.fleetdeploy.simulator.s3.StoredObject;
import io.fleetdeploy.simulator.sns.SnsService;
import io.fleetdeploy.simulator.ssm.CommandOutputSink;
import io.fleetdeploy.simulator.ssm.SsmService;
import io.fleetdeploy.simulator.sts.StsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A local AWS account for one region: EC2, Auto Scaling, SSM, S3, STS and CloudWatch Logs wire
 * protocols on one loopback port, a fleet whose instances are directories, and SSM commands that
 * really run there.
 *
 * <pre>{@code
 * try (AwsSimulator sim = AwsSimulator.builder().region("eu-west-1").build().start()) {
 *   List<String> ids = sim.addInstances(3, Map.of("app", "web"));
 *   // point AWS SDK clients (or the AWS CLI) at sim.endpoint()
 * }
 * }</pre>
 *
 * <p>Thread-safe. Time-driven behaviour (heartbeat, delivery and execution timeouts, presigned URL
 * expiry) follows a simulated clock that {@link #advanceClock(Duration)} can push forward.
 */
public final class AwsSimulator implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AwsSimulator.class.getName());
  private static final long TICK_MILLIS = 25;

  static {
    // Read once when the JDK HTTP server is first used: with Nagle on, every call waits ~40 ms.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final int port;
  private final int httpThreads;
  private final String region;
  private final String accountId;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final SimClock clock = new SimClock();
  private final Fleet fleet;
  private final Faults faults;
  private final CallLedger ledger = new CallLedger();
  private final BucketStore buckets;
  private final LogStore logs;
  private final SsmService ssm;
  private final boolean modelledHosts;
  private final Map<String, AwsService> services;
  private final TargetGroups targetGroups;
  private final ClassicLoadBalancers classicLoadBalancers;
  private final Alarms alarms;
  private final SnsService sns;
  private HttpServer server;
  private ExecutorService httpExecutor;
  private ScheduledExecutorService ticker;
  private boolean closed;

  private AwsSimulator(Builder config) {
    this.port = config.port;
    this.modelledHosts = config.hostModel != null;
    this.httpThreads = config.httpThreads;
    this.region = config.region;
    this.accountId = config.accountId;
    try {
      this.ownsDataDir = config.dataDir == null;
      this.dataDir =
          ownsDataDir
              ? Files.createTempDirectory("fleetdeploy-sim-")
              : Files.createDirectories(config.dataDir).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the simulator's data directory " + config.dataDir, e);
    }
    IdGenerator ids = new IdGenerator(config.seed);
    this.faults = new Faults(config.seed);
    this.fleet =
        new Fleet(
            config.region,
            config.accountId,
            dataDir.resolve("instances"),
            clock,
            ids,
            config.stateTransitionDelay,
            config.terminatedRetention);
    this.buckets = new BucketStore(ids);
    this.logs = new LogStore();
    this.ssm =
        new SsmService(
            fleet,
            faults,
            clock,
            ids,
            config.maxConcurrentCommands,
            config.hostPath,
            new CommandOutputSink() {
              @Override
              public void appendLog(String group, String stream, List<String> lines, Instant at) {
                logs.append(group, stream, lines, at);
              }

              @Override
              public boolean putObject(String bucket, String key, byte[] data, Instant at) {
                if (!buckets.exists(bucket)) {
                  return false;
                }
                buckets.put(bucket, key, data, "text/plain", null, null, Map.of(), Map.of(), at);
                return true;
              }
            },
            config.hostModel,
            config.seed);
    fleet.onHostDown(ssm::hostDown);
    this.targetGroups = new TargetGroups(fleet, clock, config.region, config.accountId);
    this.classicLoadBalancers = new ClassicLoadBalancers(fleet, clock, config.region);
    this.alarms = new Alarms(clock, config.region, config.accountId);
    this.sns = new SnsService(config.region, config.accountId);
    this.services =
        Map.of(
            "sns", sns,
            "elasticloadbalancing",
                new ElbApiVersions(
                    new ElbClassicService(classicLoadBalancers), new ElbV2Service(targetGroups)),
            "monitoring", new CloudWatchService(alarms),
            "ec2", new Ec2Service(fleet),
            "autoscaling", new AutoScalingService(fleet),
            "ssm", ssm,
            "s3", new S3Service(buckets, ids, clock, config.region, config.accountId),
            "sts", new StsService(config.accountId),
            "logs", new CloudWatchLogsService(logs, clock));
  }

  /** The messages published to SNS topics, oldest first (trigger notifications). */
  public List<SnsService.PublishedMessage> snsMessages() {
    return sns.published();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the loopback port and starts serving. */
  public synchronized AwsSimulator start() {
    if (closed) {
      throw new IllegalStateException("the simulator is closed; build a new one");
    }
    if (server != null) {
      throw new IllegalStateException("the simulator is already started at " + endpoint());
    }
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    httpExecutor = Executors.newFixedThreadPool(httpThreads, daemonThreads("fd-sim-http-"));
    server.setExecutor(httpExecutor);
    server.createContext("/", new Router(services, ledger, faults));
    server.start();
    ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("fd-sim-clock-"));
    var unused =
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    try {
      fleet.tick();
      ssm.tick();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "simulator clock tick failed", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the endpoint override for every service. */
  public URI endpoint() {
    if (server == null) {
      throw new IllegalStateException("the simulator is not started: call start() first");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public String region() {
    return region;
  }

  public String accountId() {
    return accountId;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Faults faults() {
    return faults;
  }

  /** API calls answered so far, by service and operation. */
  public CallStats calls() {
    return ledger.snapshot();
  }

  public void resetCounters() {
    ledger.reset();
  }

  /**
   * Moves the simulated clock forward (timeouts, heartbeats, presigned URL expiry) and applies what
   * is due.
   */
  public void advanceClock(Duration by) {
    clock.advance(by);
    tick();
  }

  // ------------------------------------------------------------------ fleet

  /** Adds running EC2 instances with these tags, spread over the region's zones a, b and c. */
  public List<String> addInstances(int count, Map<String, String> tags) {
    return fleet.addInstances(count, tags);
  }

  /**
   * Registers an on-premises server (an {@code mi-} id) with SSM; it runs commands like an
   * instance.
   */
  public String registerManagedInstance(Map<String, String> tags) {
    return fleet.registerManagedInstance(tags);
  }

  /**
   * Creates an Auto Scaling group over the region's three zones; {@code tags} are propagated to the
   * instances it launches, which also get {@code aws:autoscaling:groupName}.
   */
  public void createAutoScalingGroup(
      String name, int minSize, int maxSize, int desiredCapacity, Map<String, String> tags) {
    List<GroupTag> groupTags =
        tags.entrySet().stream().map(e -> new GroupTag(e.getKey(), e.getValue(), true)).toList();
    fleet.createGroup(
        name,
        minSize,
        maxSize,
        desiredCapacity,
        List.of(),
        groupTags,
        List.of(),
        new LaunchSpec(null, "fleetdeploy-simulator", "$Default", null));
  }

  public void setDesiredCapacity(String group, int desiredCapacity) {
    fleet.setDesiredCapacity(group, desiredCapacity);
  }

  /** EC2 TerminateInstances: shutting-down, then terminated; running commands there fail. */
  public void terminate(String instanceId) {
    fleet.terminate(List.of(instanceId));
  }

  /**
   * EC2 StopInstances: stopping, then stopped; running commands there fail, new ones wait
   * (Delayed).
   */
  public void stop(String instanceId) {
    fleet.stop(List.of(instanceId));
  }

  /** EC2 StartInstances for a stopped instance. */
  public void startInstance(String instanceId) {
    fleet.start(List.of(instanceId));
  }

  /**
   * The token of an instance's open lifecycle action for a hook (what the lifecycle notification
   * would carry), or null when the instance is not waiting on that hook.
   */
  public String lifecycleActionToken(String instanceId, String hookName) {
    return fleet.actionToken(instanceId, hookName);
  }

  /**
   * With modelled hosts ({@link Builder#hostModel}): when the run of a deployment ({@code d-...},
   * the runner's deployment id) started and ended on an instance.
   */
  public java.util.Optional<HostModel.Timing> modelledRun(String instanceId, String deploymentId) {
    return ssm.modelledRun(instanceId, deploymentId);
  }

  /** Whether hosts are modelled (no processes) rather than real. */
  public boolean modelledHosts() {
    return modelledHosts;
  }

  public Path instanceRoot(String instanceId) {
    return requireHost(instanceId).root();
  }

  public InstanceInfo instance(String instanceId) {
    return info(requireHost(instanceId));
  }

  /**
   * Every host, EC2 and on-premises, in launch order (terminated ones while EC2 still shows them).
   */
  public List<InstanceInfo> instances() {
    return fleet.allHosts().stream().map(AwsSimulator::info).toList();
  }

  private InstanceSnapshot requireHost(String instanceId) {
    InstanceSnapshot host = fleet.find(instanceId);
    if (host == null) {
      throw new IllegalArgumentException("no instance " + instanceId + " in this simulator");
    }
    return host;
  }

  private static InstanceInfo info(InstanceSnapshot s) {
    return new InstanceInfo(
        s.id(),
        s.state().wireName(),
        s.privateIp(),
        s.availabilityZone(),
        s.tags(),
        s.groupName(),
        s.lifecycle() == null ? null : s.lifecycle().wireName(),
        s.onPremises(),
        s.root());
  }

  // ------------------------------------------------------------------ S3

  /**
   * The ELBv2 target groups: {@link TargetGroups#create} one with its deregistration delay and
   * health-check delay (on the simulator clock), register instances, make one fail its checks.
   */
  public TargetGroups targetGroups() {
    return targetGroups;
  }

  /**
   * The Classic Load Balancers: {@link ClassicLoadBalancers#create} one with its connection
   * draining timeout (empty: off) and health-check delay (on the simulator clock), register
   * instances, make one fail its checks.
   */
  public ClassicLoadBalancers classicLoadBalancers() {
    return classicLoadBalancers;
  }

  /** The CloudWatch alarms: create one, set its state (as SetAlarmState does). */
  public Alarms alarms() {
    return alarms;
  }

  public void createBucket(String bucket) {
    buckets.create(bucket, clock.now(), region);
  }

  public void enableVersioning(String bucket) {
    buckets.setVersioning(bucket, "Enabled");
  }

  public PutObjectResult putObject(String bucket, String key, byte[] data) {
    StoredObject stored =
        buckets.put(
            bucket,
            key,
            data.clone(),
            "binary/octet-stream",
            null,
            null,
            Map.of(),
            Map.of(),
            clock.now());
    return new PutObjectResult(
        stored.etag(), stored.versionId().equals("null") ? null : stored.versionId());
  }

  public byte[] getObject(String bucket, String key) {
    return buckets.get(bucket, key, null).data().clone();
  }

  // ------------------------------------------------------------------ CloudWatch Logs

  /** The messages of a log stream, oldest first (e.g. what SSM wrote of a command's output). */
  public List<String> logMessages(String group, String stream) {
    return logs.events(group, stream).stream().map(LogStore.LogEvent::message).toList();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Stops serving, kills every process the simulated hosts still run, removes a temporary data
   * directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.stop(0);
      httpExecutor.shutdownNow();
      ticker.shutdownNow();
    }
    ssm.close();
    SsmService.killProcessesUnder(dataDir.resolve("instances"));
    if (ownsDataDir) {
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not remove the simulator's data directory " + dir + ": " + e);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Settings of a simulator; every one has a default. */
  public static final class Builder {
    private int port;
    private String region = "eu-west-1";
    private Path dataDir;
    private String accountId = "123456789012";
    private long seed = 42;
    private int maxConcurrentCommands = 64;
    private int httpThreads = 64;
    private Duration stateTransitionDelay = Duration.ZERO;
    private Duration terminatedRetention = Duration.ofHours(1);
    private List<Path> hostPath = List.of();
    private HostModel hostModel;

    private Builder() {}

    /**
     * Modelled hosts: Run Command starts no process, each runner command ends after the modelled
     * time with the runner's result line (see {@link HostModel}); null (the default) runs real
     * processes.
     */
    public Builder hostModel(HostModel model) {
      this.hostModel = model;
      return this;
    }

    /** The loopback port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be within 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder region(String region) {
      if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
        throw new IllegalArgumentException("region must look like eu-west-1, was " + region);
      }
      this.region = region;
      return this;
    }

    /** Where instance roots live; a temporary directory (removed on close) by default. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder accountId(String accountId) {
      if (accountId == null || !accountId.matches("\\d{12}")) {
        throw new IllegalArgumentException("accountId must be 12 digits, was " + accountId);
      }
      this.accountId = accountId;
      return this;
    }

    /** Seeds resource ids and the throttling dice, so runs are reproducible. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How many command processes run at once across all hosts (64 by default); the rest queue. */
    public Builder maxConcurrentCommands(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentCommands must be at least 1, was " + max);
      }
      this.maxConcurrentCommands = max;
      return this;
    }

    /** Threads answering HTTP requests (64 by default). */
    public Builder httpThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("httpThreads must be at least 1, was " + threads);
      }
      this.httpThreads = threads;
      return this;
    }

    /** How long pending, stopping and shutting-down last (zero by default: until the next tick). */
    public Builder stateTransitionDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException(
            "stateTransitionDelay must not be negative, was " + delay);
      }
      this.stateTransitionDelay = delay;
      return this;
    }

    /**
     * How long terminated instances stay visible in DescribeInstances (one hour by default, like
     * EC2).
     */
    public Builder terminatedRetention(Duration retention) {
      this.terminatedRetention = retention;
      return this;
    }

    /**
     * Directories put in front of PATH for every command the simulated hosts run, so that they find
     * these programs first (e.g. the python3 a benchmark is asked to use); none by default.
     */
    public Builder hostPath(List<Path> directories) {
      this.hostPath = List.copyOf(directories);
      return this;
    }

    public AwsSimulator build() {
      return new AwsSimulator(this);
    }
  }
}
