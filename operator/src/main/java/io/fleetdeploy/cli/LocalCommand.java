package io.fleetdeploy.cli;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleReader;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.appspec.TarArchiveWriter;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResult;
import io.fleetdeploy.hostplan.HostRunResultParser;
import io.fleetdeploy.hostplan.HostRunnerScript;
import io.fleetdeploy.hostplan.LeftRunning;
import io.fleetdeploy.hostplan.LocalEvents;
import io.fleetdeploy.hostplan.Revision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdeploy local}: the {@code codedeploy-local} equivalent. Checks the bundle, builds the
 * host plan and runs the real host runner on this machine.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Deploys a bundle on this machine with the real host runner, as codedeploy-local does.",
      "Exit code: 0 every event succeeded, 1 the bundle was rejected or an event failed, 2 usage error."
    })
public final class LocalCommand implements Callable<Integer> {
  private static final String PROGRESS_PREFIX = "fleetdeploy: ";

  /** The runner's state directory on this machine (under --root). */
  static final String STATE_DIR = "/var/lib/fleetdeploy";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "PATH",
      description = "bundle directory or zip/tar/tgz archive")
  String bundleLocation;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "root prefix for every absolute path the deployment writes (default: the real filesystem)")
  Path root;

  @Option(
      names = "--deployment-group",
      paramLabel = "ID",
      defaultValue = "default-local-deployment-group",
      description =
          "deployment group id, whose state (previous revision, installed files) to use, as"
              + " codedeploy-local's --deployment-group; DEPLOYMENT_GROUP_ID for the hooks (default: ${DEFAULT-VALUE})")
  String deploymentGroup;

  @Option(
      names = "--deployment-group-name",
      paramLabel = "NAME",
      defaultValue = "LocalFleet",
      description =
          "DEPLOYMENT_GROUP_NAME for the hooks (default: ${DEFAULT-VALUE}, as codedeploy-local)")
  String deploymentGroupName;

  @Option(names = "--deployment-id", paramLabel = "ID", description = "default: a new random id")
  String deploymentId;

  @Option(
      names = "--application-name",
      paramLabel = "NAME",
      description =
          "APPLICATION_NAME for the hooks (default: the --bundle value, as codedeploy-local)")
  String applicationName;

  @Option(
      names = "--appspec-filename",
      paramLabel = "NAME",
      defaultValue = BundleReader.DEFAULT_APPSPEC_NAME,
      description =
          "the AppSpec's name in the bundle, as codedeploy-local's --appspec-filename: looked for first,"
              + " then appspec.yaml and appspec.yml; a directory bundle must have it (default: ${DEFAULT-VALUE})")
  String appSpecFilename;

  @Option(
      names = "--file-exists-behavior",
      paramLabel = "DISALLOW|OVERWRITE|RETAIN",
      description = "for files already on the host (the AppSpec's own setting wins)")
  FileExistsBehavior fileExistsBehavior;

  @Option(
      names = "--ignore-application-stop-failures",
      description =
          "continue when the previous revision's ApplicationStop (or block-traffic) scripts fail")
  boolean ignoreApplicationStopFailures;

  @Option(
      names = "--events",
      split = ",",
      paramLabel = "E1,E2,...",
      description = {
        "run these events in this order, as codedeploy-local: DownloadBundle and Install first"
            + " unless named, custom events the AppSpec lists scripts for allowed (default: "
            + "BeforeBlockTraffic,AfterBlockTraffic,ApplicationStop,DownloadBundle,BeforeInstall,Install,"
            + "AfterInstall,ApplicationStart,ValidateService,BeforeAllowTraffic,AfterAllowTraffic)"
      })
  List<String> events;

  @Option(
      names = "--keep-revisions",
      paramLabel = "N",
      defaultValue = "5",
      description = "unpacked revisions to keep per deployment group (default: ${DEFAULT-VALUE})")
  int keepRevisions;

  @Option(
      names = "--python",
      paramLabel = "COMMAND",
      defaultValue = "python3",
      description = "Python 3.8+ interpreter that runs the host runner (default: ${DEFAULT-VALUE})")
  String python;

  private Path bundle;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    bundle = Path.of(bundleLocation);
    if (!Files.exists(bundle)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--bundle: no such file or directory: " + bundle);
    }
    if (Files.isDirectory(bundle)
        && !Files.isRegularFile(bundle.resolve(appSpecFilename))
        && spec.commandLine().getParseResult().hasMatchedOption("--appspec-filename")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--appspec-filename: "
              + bundle.resolve(appSpecFilename)
              + " not found (a directory bundle must hold the AppSpec it names)");
    }
    List<String> localEvents;
    try {
      localEvents = LocalEvents.order(events);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String id = deploymentId != null ? deploymentId : newDeploymentId();
    AppSpecReport report = AppSpecCheck.check(bundle, appSpecFilename);
    report.problems().forEach(out::println);
    if (!report.isDeployable()) {
      out.println(
          "not deploying "
              + bundle
              + ": the bundle would be rejected ("
              + AppspecCommand.count(report.errors().size(), "error")
              + ")");
      out.flush();
      return 1;
    }
    AppSpec appSpec = report.appSpec().orElseThrow();
    Optional<String> mismatch = LocalEvents.mismatch(appSpec, localEvents, appSpecFilename);
    if (mismatch.isPresent()) {
      out.println("not deploying " + bundle + ": " + mismatch.get());
      out.flush();
      return 1;
    }
    Path work = Files.createTempDirectory("fleetdeploy-local-");
    try {
      Revision revision = revisionOf(work);
      HostPlan plan;
      try {
        plan =
            HostPlanBuilder.buildLocal(
                appSpec,
                new DeploymentContext(
                    id,
                    applicationName != null ? applicationName : bundleLocation,
                    deploymentGroupName,
                    deploymentGroup,
                    revision,
                    Optional.ofNullable(fileExistsBehavior),
                    ignoreApplicationStopFailures,
                    false),
                localEvents);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      out.println(
          "Deploying "
              + bundle
              + " as "
              + id
              + " to deployment group "
              + deploymentGroupName
              + " ("
              + deploymentGroup
              + ")"
              + (root == null ? " on this machine" : " under " + root)
              + ": "
              + String.join(", ", localEvents));
      out.flush();
      HostRunOutcome outcome = runRunner(plan, work, out);
      return summarize(outcome, out, logFile(id));
    } finally {
      deleteTree(work);
    }
  }

  /** Where the runner writes the full output of this deployment's scripts. */
  private Path logFile(String id) {
    Path state =
        (root == null ? Path.of("/") : root.toAbsolutePath()).resolve(STATE_DIR.substring(1));
    return state.resolve("groups").resolve(deploymentGroup).resolve("logs").resolve(id + ".log");
  }

  /** A directory is packed as tar (times zeroed, so the same content keeps its sha256). */
  private Revision revisionOf(Path work) throws IOException {
    Path archive;
    BundleType type;
    if (Files.isDirectory(bundle)) {
      archive = work.resolve("bundle.tar");
      try (OutputStream tar = Files.newOutputStream(archive)) {
        TarArchiveWriter.packDirectory(bundle, tar);
      }
      type = BundleType.TAR;
    } else {
      archive = bundle.toAbsolutePath();
      byte[] head;
      try (InputStream in = Files.newInputStream(archive)) {
        head = in.readNBytes(512);
      }
      type = BundleType.detect(head, head.length).orElseThrow();
    }
    return new Revision(
        archive.toAbsolutePath().toString(), type, sha256(archive), Optional.empty());
  }

  private HostRunOutcome runRunner(HostPlan plan, Path work, PrintWriter out)
      throws IOException, InterruptedException {
    Path runner =
        Files.write(work.resolve(HostRunnerScript.FILE_NAME), HostRunnerScript.get().bytes());
    Path planFile = Files.writeString(work.resolve("plan.json"), HostPlanCodec.toJson(plan));
    List<String> command =
        new ArrayList<>(
            List.of(
                python,
                runner.toString(),
                "--plan-file",
                planFile.toString(),
                "--keep-revisions",
                Integer.toString(keepRevisions),
                "--state-dir",
                STATE_DIR));
    if (root != null) {
      Files.createDirectories(root);
      command.addAll(List.of("--root", root.toAbsolutePath().toString()));
    }
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Thread errors =
        new Thread(() -> copyLines(process.getErrorStream(), spec.commandLine().getErr()));
    errors.start();
    StringBuilder stdout = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        stdout.append(line).append('\n');
        if (line.startsWith(PROGRESS_PREFIX)) {
          out.println("  " + line.substring(PROGRESS_PREFIX.length()));
          out.flush();
        } else if (!line.startsWith(HostRunResultParser.PREFIX)) {
          out.println(line);
        }
      }
    }
    process.waitFor();
    errors.join();
    return HostRunResultParser.parse(stdout.toString());
  }

  private int summarize(HostRunOutcome outcome, PrintWriter out, Path log) {
    if (outcome instanceof HostRunOutcome.NoResultLine missing) {
      out.println("Deployment failed: the host runner gave no result: " + missing.reason());
      out.println("See the deployment log at " + log);
      out.flush();
      return 1;
    }
    HostRunResult result = ((HostRunOutcome.Reported) outcome).result();
    out.println();
    if (result.error().isPresent()) {
      out.println("Deployment " + result.status() + ": " + result.error().get());
    } else {
      out.println(
          "Deployment "
              + result.deploymentId()
              + " "
              + result.status()
              + " ("
              + (result.replay() ? "replayed, " : "")
              + (result.downloaded() ? "" : "revision already on this host, ")
              + counts(result)
              + ")");
    }
    result.events().stream()
        .filter(e -> e.status() == EventStatus.Failed)
        .forEach(
            event -> {
              out.println();
              out.println(
                  event.name()
                      + (event.ignored() ? " failed (ignored): " : " failed: ")
                      + event.errorCode().orElse("UnknownError")
                      + event.scriptName().map(s -> " in script " + s).orElse(""));
              event.message().ifPresent(m -> out.println("  " + m));
              event
                  .logTail()
                  .filter(t -> !t.isBlank())
                  .ifPresent(
                      tail -> {
                        out.println("  last output:");
                        tail.lines().forEach(l -> out.println("    | " + l));
                      });
            });
    printLeftRunning(result.leftRunning(), out);
    if (Files.exists(log)) {
      out.println();
      out.println("See the deployment log at " + log);
    }
    out.flush();
    return result.succeeded() ? 0 : 1;
  }

  /** Servers and the like that hook scripts started keep running after this command: say which. */
  private void printLeftRunning(List<LeftRunning> processes, PrintWriter out) {
    List<LeftRunning> alive =
        processes.stream()
            .filter(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false))
            .toList();
    if (alive.isEmpty()) {
      return;
    }
    out.println();
    out.println("Left running (started by hook scripts, they outlive this command):");
    alive.forEach(
        p ->
            out.println(
                "  pid "
                    + p.pid()
                    + "  "
                    + p.command()
                    + "  ("
                    + p.event()
                    + ", "
                    + p.script()
                    + ")"));
    out.println(
        "The next deployment to deployment group "
            + deploymentGroup
            + " runs this revision's"
            + " ApplicationStop, which should stop them; or stop them with kill.");
  }

  private static String counts(HostRunResult result) {
    return Stream.of(EventStatus.values())
        .map(
            status ->
                result.events().stream().filter(e -> e.status() == status).count()
                    + " "
                    + status.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static void copyLines(InputStream in, PrintWriter err) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        err.println(line);
        err.flush();
      }
    } catch (IOException e) {
      err.println("cannot read the runner's error output: " + e.getMessage());
    }
  }

  private static String newDeploymentId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder("d-");
    for (int i = 0; i < 9; i++) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.append("-local").toString();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
