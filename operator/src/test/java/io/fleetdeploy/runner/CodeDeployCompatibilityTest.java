package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.CommandLineCapture;
import io.fleetdeploy.appspec.HookScript;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.appspec.Problem;
import io.fleetdeploy.appspec.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rows of docs/codedeploy-compatibility.md, one AppSpec or bundle each, built here: where the
 * CodeDeploy agent accepts, fleetdeploy accepts (warnings allowed); where it rejects, fleetdeploy
 * rejects before any host is touched. A row added to the document without a case here (or the other
 * way round) fails {@link #everyRowOfTheDocumentHasACaseAndEveryCaseARow}.
 */
class CodeDeployCompatibilityTest {
  private static final Path DOCUMENT =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/codedeploy-compatibility.md");
  private static final Pattern ROW_ID = Pattern.compile("^\\| ([A-Z][0-9]+) \\|");

  @TempDir Path temp;

  /** What one row checks, given a fresh temporary directory. */
  interface Check {
    void verify(Path temp) throws Exception;
  }

  record Row(String id, String behaviour, Check check) {
    @Override
    public String toString() {
      return id + " " + behaviour;
    }
  }

  private static Row row(String id, String behaviour, Check check) {
    return new Row(id, behaviour, check);
  }

  static Stream<Row> rows() {
    return Stream.of(
        // ---------------------------------------------------------------- AppSpec
        row(
            "A1",
            "relative files destination is resolved under /",
            temp -> {
              AppSpecReport report =
                  parse(
                      """
              version: 0.0
              os: linux
              files:
                - source: app
                  destination: opt/app
                - source: conf
                  destination: ./etc/../etc/app
              """);
              assertWarnedOnly(report, "files[0].destination", "files[1].destination");
              assertThat(message(report, "files[0].destination"))
                  .contains("fleetdeploy uses /opt/app");
              assertThat(report.appSpec().orElseThrow().files())
                  .extracting(f -> f.destination())
                  .containsExactly("/opt/app", "/etc/app");
              assertRejected(
                  parse(
                      """
              version: 0.0
              os: linux
              files:
                - source: app
                  destination: ~/app
              """),
                  "files[0].destination",
                  "relative to a home directory");
            }),
        row(
            "A2",
            "relative permissions object is resolved under /",
            temp -> {
              AppSpecReport report =
                  parse(
                      """
              version: 0.0
              os: linux
              permissions:
                - object: srv/www
                  mode: 750
              """);
              assertWarnedOnly(report, "permissions[0].object");
              assertThat(report.appSpec().orElseThrow().permissions().get(0).object())
                  .isEqualTo("/srv/www");
            }),
        row(
            "A3",
            "ACL permissions as one octal digit",
            temp ->
                assertThat(acls("[\"u:bob:7\", \"g:ops:5\", \"d:u:bob:0\"]"))
                    .containsExactly("user:bob:rwx", "group:ops:r-x", "default:user:bob:---")),
        row(
            "A4",
            "ACL entries without a type are user entries",
            temp ->
                assertThat(acls("[\"bob:0\", \"d:bob:rwx\", \"ann:rw\"]"))
                    .containsExactly("user:bob:---", "default:user:bob:rwx", "user:ann:rw-")),
        row(
            "A5",
            "unnamed mask and other entries",
            temp ->
                assertThat(acls("[\"m::7\", \"d:o:3\", \"d:mask::r\", \"m:5\"]"))
                    .containsExactly(
                        "mask::rwx", "default:other::-wx", "default:mask::r--", "mask::r-x")),
        row(
            "A6",
            "default base entries",
            temp ->
                assertThat(acls("[\"d::3\", \"d:g::4\", \"default:user::rwx\"]"))
                    .containsExactly(
                        "default:user::-wx", "default:group::r--", "default:user::rwx")),
        row(
            "A7",
            "mask or other entries with a name are rejected",
            temp -> {
              AppSpecReport report =
                  parseAcls("[\"mask:name:rwx\", \"d:other:name:rwx\", \"u:bob:rw\"]");
              assertRejected(
                  report, "permissions[0].acls[0]", "mask and other entries take no name");
              assertRejected(
                  report, "permissions[0].acls[1]", "mask and other entries take no name");
              assertThat(report.errors()).hasSize(2);
            }),
        row(
            "A8",
            "base entries outside default are rejected; bad grammar is rejected",
            temp -> {
              AppSpecReport report =
                  parseAcls("[\"u::rw\", \"o::3\", \"u:bob:rwX\", \"a:b:c:d:rw\", \"x:bob:r\"]");
              assertRejected(report, "permissions[0].acls[0]", "set them with mode");
              assertRejected(report, "permissions[0].acls[1]", "set them with mode");
              assertRejected(report, "permissions[0].acls[2]", "permission character 'X'");
              assertRejected(report, "permissions[0].acls[3]", "separators");
              assertRejected(report, "permissions[0].acls[4]", "the type 'x'");
            }),
        row(
            "A9",
            "SELinux range whose high level is below its low level",
            temp -> {
              assertRejected(
                  parseRange("s3-s2"), "permissions[0].context.range", "below the low level s3");
              assertThat(parseRange("s2-s3:c0.c1023").isDeployable()).isTrue();
            }),
        row(
            "A10",
            "SELinux category range in the wrong order",
            temp ->
                assertRejected(
                    parseRange("s0:c2.c1"),
                    "permissions[0].context.range",
                    "c2.c1 is in the wrong order")),
        row(
            "A11",
            "SELinux category above c1023",
            temp -> {
              assertRejected(parseRange("s0:c1024"), "permissions[0].context.range", "above c1023");
              assertRejected(
                  parseRange("s0:c0.c99999999999"), "permissions[0].context.range", "above c1023");
            }),
        row(
            "A12",
            "SELinux category given twice",
            temp -> {
              assertRejected(
                  parseRange("s0:c1,c1"),
                  "permissions[0].context.range",
                  "c1 is given more than once");
              assertRejected(
                  parseRange("s0:c0.c3,c2"),
                  "permissions[0].context.range",
                  "c2 is given more than once");
            }),
        row(
            "A13",
            "timeout with a unit, e.g. 30s, counts its leading number",
            temp -> {
              AppSpecReport report =
                  parse(
                      """
              version: 0.0
              os: linux
              hooks:
                AfterInstall:
                  - location: a.sh
                    timeout: 30s
                  - location: b.sh
                    timeout: "45.5"
              """);
              assertWarnedOnly(
                  report, "hooks.AfterInstall[0].timeout", "hooks.AfterInstall[1].timeout");
              assertThat(message(report, "hooks.AfterInstall[0].timeout"))
                  .contains("gives the script 30 seconds");
              assertThat(report.appSpec().orElseThrow().scriptsFor(LifecycleEvent.AfterInstall))
                  .extracting(HookScript::timeoutSeconds)
                  .containsExactly(30, 45);
            }),
        row(
            "A14",
            "timeout in minutes or hours, e.g. 5m, is still seconds",
            temp -> {
              AppSpecReport report =
                  parse(
                      """
              version: 0.0
              os: linux
              hooks:
                ApplicationStart:
                  - location: a.sh
                    timeout: 5m
                  - location: b.sh
                    timeout: 1 hour
              """);
              assertWarnedOnly(
                  report, "hooks.ApplicationStart[0].timeout", "hooks.ApplicationStart[1].timeout");
              assertThat(message(report, "hooks.ApplicationStart[0].timeout"))
                  .contains("5 seconds, not minutes", "write timeout: 300");
              assertThat(message(report, "hooks.ApplicationStart[1].timeout"))
                  .contains("1 seconds, not hours", "write timeout: 3600");
              assertThat(report.appSpec().orElseThrow().scriptsFor(LifecycleEvent.ApplicationStart))
                  .extracting(HookScript::timeoutSeconds)
                  .containsExactly(5, 1);
            }),
        row(
            "A15",
            "timeout without a leading number, or 0, is rejected",
            temp -> {
              AppSpecReport report =
                  parse(
                      """
              version: 0.0
              os: linux
              hooks:
                AfterInstall:
                  - location: a.sh
                    timeout: five minutes
                  - location: b.sh
                    timeout: 0s
                  - location: c.sh
                    timeout: "-30"
              """);
              assertRejected(
                  report, "hooks.AfterInstall[0].timeout", "reads it as 0 and rejects it too");
              assertRejected(
                  report, "hooks.AfterInstall[1].timeout", "reads it as 0 and rejects it too");
              assertRejected(report, "hooks.AfterInstall[2].timeout", "above 0");
            }),
        row(
            "A16",
            "version \"0.0\" quoted",
            temp -> {
              AppSpecReport report = parse("version: \"0.0\"\nos: linux\n");
              assertWarnedOnly(report, "version");
              assertThat(message(report, "version")).contains("CodeDeploy's agent rejects it");
              assertRejected(parse("version: \"0\"\nos: linux\n"), "version", "must be 0.0");
            }),
        row(
            "A17",
            "one event's script timeouts add up to more than 3600 s",
            temp -> {
              AppSpecReport report =
                  parse(
                      """
              version: 0.0
              os: linux
              hooks:
                ValidateService:
                  - location: a.sh
                    timeout: 3000
                  - location: b.sh
                    timeout: 601
              """);
              assertWarnedOnly(report, "hooks.ValidateService");
              assertThat(message(report, "hooks.ValidateService")).contains("add up to 3601 s");
            }),

        // ---------------------------------------------------------------- bundles
        row(
            "B1",
            "both appspec.yml and appspec.yaml: appspec.yml is read",
            temp -> {
              Path bundle =
                  bundle(
                      temp.resolve("both"),
                      Map.of(
                          "appspec.yml", "version: 0.0\nos: linux\n",
                          "appspec.yaml", "version: 0.0\nos: windows\n"));
              for (Path form :
                  List.of(
                      bundle, TestBundles.pack(bundle, BundleType.TGZ, temp.resolve("both.tgz")))) {
                AppSpecReport report = AppSpecCheck.check(form);
                assertWarnedOnly(report, "(bundle)");
                assertThat(report.warnings().get(0).message())
                    .contains(
                        "the bundle has appspec.yml and appspec.yaml",
                        "CodeDeploy's agent reads appspec.yml");
              }
            }),
        row(
            "B2",
            "archive whose only top-level entry is a folder holding appspec.yml: appspec check",
            temp -> {
              Path wrapper = wrappedBundle(temp, Map.of());
              for (BundleType type : BundleType.values()) {
                Path archive =
                    TestBundles.pack(wrapper, type, temp.resolve("wrapped." + type.wireName()));
                AppSpecReport report = AppSpecCheck.check(archive);
                assertWarnedOnly(report, "(bundle)");
                assertThat(report.warnings().get(0).file()).isEqualTo(archive.toString());
                assertThat(report.warnings().get(0).message())
                    .contains("inside the folder 'myapp/'")
                    .doesNotContain("not deployed");
                assertThat(
                        report.appSpec().orElseThrow().scriptsFor(LifecycleEvent.ApplicationStart))
                    .isNotEmpty();
                CommandLineCapture.Result check =
                    CommandLineCapture.run("appspec", "check", archive.toString());
                assertThat(check.exitCode()).as(check.out()).isZero();
                assertThat(check.out()).contains(archive + " would deploy");
              }
              byte[] bytes =
                  Files.readAllBytes(
                      TestBundles.pack(wrapper, BundleType.ZIP, temp.resolve("s3.zip")));
              assertThat(
                      AppSpecCheck.check(bytes, BundleType.ZIP, "s3://bundles/wrapped.zip")
                          .isDeployable())
                  .isTrue();
            }),
        row(
            "B3",
            "archive whose only top-level entry is a folder holding appspec.yml: on a host",
            temp -> {
              RunnerHarness harness = new RunnerHarness(temp);
              Path archive =
                  TestBundles.pack(
                      wrappedBundle(temp, Map.of()), BundleType.TGZ, temp.resolve("w.tgz"));
              AppSpec appSpec = AppSpecCheck.check(archive).appSpec().orElseThrow();

              RunnerHarness.Run run =
                  harness.run(
                      harness.planFor(
                          appSpec,
                          archive,
                          BundleType.TGZ,
                          "d-wrapped",
                          RunnerHarness.PlanOptions.defaults()));

              assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
              assertThat(harness.host("/opt/myapp/index.html")).hasContent("wrapped");
              assertThat(harness.host("/opt/myapp/appspec.yml")).exists();
              assertThat(harness.host("/opt/myapp/myapp")).doesNotExist();
              assertThat(harness.host("/tmp/started")).hasContent("ApplicationStart");
            }),
        row(
            "B4",
            "folder holding appspec.yml next to other top-level entries: the folder is the root",
            temp -> {
              RunnerHarness harness = new RunnerHarness(temp);
              Path wrapper =
                  wrappedBundle(
                      temp, Map.of("README.txt", "read me", "__MACOSX/myapp/._index.html", "junk"));
              Path archive = TestBundles.pack(wrapper, BundleType.ZIP, temp.resolve("w.zip"));
              AppSpecReport report = AppSpecCheck.check(archive);
              assertWarnedOnly(report, "(bundle)");
              assertThat(report.warnings().get(0).message())
                  .contains("inside the folder 'myapp/'", "not deployed: README.txt, __MACOSX");

              RunnerHarness.Run run =
                  harness.run(
                      harness.planFor(
                          report.appSpec().orElseThrow(),
                          archive,
                          BundleType.ZIP,
                          "d-wrapped",
                          RunnerHarness.PlanOptions.defaults()));

              assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
              assertThat(harness.host("/opt/myapp/index.html")).hasContent("wrapped");
              assertThat(harness.host("/opt/myapp/README.txt")).doesNotExist();
              assertThat(harness.groupState().resolve("logs/d-wrapped.log"))
                  .content()
                  .contains("inside the folder myapp/", "not deployed: README.txt, __MACOSX");
            }),
        row(
            "B5",
            "two top-level folders holding an AppSpec: rejected",
            temp -> {
              Path wrapper =
                  wrappedBundle(temp, Map.of("other/appspec.yml", "version: 0.0\nos: linux\n"));
              Path archive = TestBundles.pack(wrapper, BundleType.ZIP, temp.resolve("two.zip"));
              AppSpecReport report = AppSpecCheck.check(archive);
              assertRejected(report, "(bundle)", "found myapp/appspec.yml, other/appspec.yml");
            }),
        row(
            "B6",
            "directory bundle without an AppSpec at its top: rejected",
            temp -> {
              Path directory = wrappedBundle(temp, Map.of());
              assertRejected(
                  AppSpecCheck.check(directory),
                  "(bundle)",
                  "no appspec.yml or appspec.yaml at the root");
            }),

        // ---------------------------------------------------------------- fleetdeploy local
        row(
            "L1",
            "--events always includes DownloadBundle and Install",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart", "BeforeInstall");
              CommandLineCapture.Result run = local(temp, bundle, "--events", "ApplicationStart");
              assertSucceeded(run);
              assertThat(eventLines(run))
                  .containsExactly("DownloadBundle", "Install", "ApplicationStart");
              assertThat(temp.resolve("root/srv/app/index.html")).exists();
              assertThat(recorded(temp)).containsExactly("ApplicationStart");
            }),
        row(
            "L2",
            "--events runs the events in the order given",
            temp -> {
              Path bundle =
                  recordingBundle(temp, "BeforeInstall", "AfterInstall", "ValidateService");
              CommandLineCapture.Result run =
                  local(temp, bundle, "--events", "ValidateService,AfterInstall,BeforeInstall");
              assertSucceeded(run);
              assertThat(recorded(temp))
                  .containsExactly("ValidateService", "AfterInstall", "BeforeInstall");
            }),
        row(
            "L3",
            "--events runs custom events the AppSpec lists scripts for",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart", "CustomEvent");
              CommandLineCapture.Result run =
                  local(temp, bundle, "--events", "ApplicationStart,CustomEvent");
              assertSucceeded(run);
              assertThat(run.out()).contains("CustomEvent        Succeeded");
              assertThat(recorded(temp)).containsExactly("ApplicationStart", "CustomEvent");
            }),
        row(
            "L4",
            "--events names a custom event the AppSpec does not list",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart");
              CommandLineCapture.Result run =
                  local(temp, bundle, "--events", "ApplicationStart,HealthCheck");
              assertThat(run.exitCode()).isEqualTo(1);
              assertThat(run.out())
                  .contains(
                      "--events names HealthCheck, which is not a lifecycle event and not listed"
                          + " under hooks in appspec.yml");
              assertThat(temp.resolve("root")).doesNotExist();
            }),
        row(
            "L5",
            "--events in an order codedeploy-local refuses",
            temp -> {
              Path bundle = recordingBundle(temp, "AfterInstall", "ApplicationStart");
              CommandLineCapture.Result late =
                  local(temp, bundle, "--events", "AfterInstall,Install");
              CommandLineCapture.Result early =
                  local(temp, bundle, "--events", "ApplicationStart,DownloadBundle");
              CommandLineCapture.Result traffic = local(temp, bundle, "--events", "BlockTraffic");
              assertThat(late.exitCode()).isEqualTo(2);
              assertThat(late.err()).contains("--events puts AfterInstall before Install");
              assertThat(early.exitCode()).isEqualTo(2);
              assertThat(early.err())
                  .contains("--events puts ApplicationStart before DownloadBundle");
              assertThat(traffic.exitCode()).isEqualTo(2);
              assertThat(traffic.err())
                  .contains("BlockTraffic is switched by the load balancer integration");
              assertThat(temp.resolve("root")).doesNotExist();
            }),
        row(
            "L6",
            "traffic hooks run in local as in codedeploy-local",
            temp -> {
              Path bundle =
                  recordingBundle(
                      temp,
                      "BeforeBlockTraffic",
                      "AfterBlockTraffic",
                      "ApplicationStop",
                      "ApplicationStart",
                      "BeforeAllowTraffic",
                      "AfterAllowTraffic");
              CommandLineCapture.Result first =
                  local(temp, bundle, "--file-exists-behavior", "OVERWRITE");
              assertSucceeded(first);
              assertThat(eventLines(first))
                  .containsExactly(
                      "BeforeBlockTraffic",
                      "AfterBlockTraffic",
                      "ApplicationStop",
                      "DownloadBundle",
                      "BeforeInstall",
                      "Install",
                      "AfterInstall",
                      "ApplicationStart",
                      "ValidateService",
                      "BeforeAllowTraffic",
                      "AfterAllowTraffic");
              assertThat(recorded(temp))
                  .containsExactly("ApplicationStart", "BeforeAllowTraffic", "AfterAllowTraffic");
              CommandLineCapture.Result second =
                  local(temp, bundle, "--file-exists-behavior", "OVERWRITE");
              assertSucceeded(second);
              assertThat(recorded(temp))
                  .containsExactly(
                      "ApplicationStart",
                      "BeforeAllowTraffic",
                      "AfterAllowTraffic",
                      "BeforeBlockTraffic",
                      "AfterBlockTraffic",
                      "ApplicationStop",
                      "ApplicationStart",
                      "BeforeAllowTraffic",
                      "AfterAllowTraffic");
            }),
        row(
            "L7",
            "--appspec-filename",
            temp -> {
              Path bundle = recordingBundle(temp, "AfterInstall");
              Files.move(bundle.resolve("appspec.yml"), bundle.resolve("my-appspec.yml"));
              Files.writeString(bundle.resolve("appspec.yml"), "version: 0.0\nos: windows\n");
              CommandLineCapture.Result named =
                  local(temp, bundle, "--appspec-filename", "my-appspec.yml");
              assertSucceeded(named);
              assertThat(recorded(temp)).containsExactly("AfterInstall");
              CommandLineCapture.Result missing =
                  local(temp, bundle, "--appspec-filename", "nope.yml");
              assertThat(missing.exitCode()).isEqualTo(2);
              assertThat(missing.err())
                  .contains("--appspec-filename: " + bundle.resolve("nope.yml") + " not found");
              // In an archive the agent falls back to appspec.yaml, then appspec.yml.
              Files.delete(bundle.resolve("appspec.yml"));
              Files.move(bundle.resolve("my-appspec.yml"), bundle.resolve("appspec.yml"));
              Path archive = TestBundles.pack(bundle, BundleType.TGZ, temp.resolve("bundle.tgz"));
              assertSucceeded(
                  local(
                      temp,
                      archive,
                      "--appspec-filename",
                      "nope.yml",
                      "--file-exists-behavior",
                      "OVERWRITE"));
            }),
        row(
            "L8",
            "APPLICATION_NAME, DEPLOYMENT_GROUP_NAME and DEPLOYMENT_GROUP_ID defaults",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart");
              CommandLineCapture.Result run =
                  local(temp, bundle, "--deployment-id", "d-ENVCHECK1-local");
              assertSucceeded(run);
              assertThat(Files.readAllLines(temp.resolve("root/tmp/env-ApplicationStart.txt")))
                  .containsExactly(
                      "APPLICATION_NAME=" + bundle,
                      "DEPLOYMENT_GROUP_ID=default-local-deployment-group",
                      "DEPLOYMENT_GROUP_NAME=LocalFleet",
                      "DEPLOYMENT_ID=d-ENVCHECK1-local",
                      "LIFECYCLE_EVENT=ApplicationStart");
              assertThat(
                      temp.resolve(
                          "root/var/lib/fleetdeploy/groups/default-local-deployment-group"))
                  .isDirectory();
            }),
        row(
            "L9",
            "hook names that are not events of the run make local fail",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart", "Deploy");
              CommandLineCapture.Result run = local(temp, bundle);
              assertThat(run.exitCode()).isEqualTo(1);
              assertThat(run.out())
                  .contains(
                      "appspec.yml lists scripts under Deploy, which is not an event of this run");
              assertThat(temp.resolve("root")).doesNotExist();
              // A deployment only warns: its scripts never run there.
              assertWarnedOnly(AppSpecCheck.check(bundle), "hooks.Deploy");
            }),
        row(
            "L10",
            "local prints where the full log is",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart");
              CommandLineCapture.Result run =
                  local(temp, bundle, "--deployment-id", "d-LOGCHECK1-local");
              assertSucceeded(run);
              Path log =
                  temp.resolve(
                      "root/var/lib/fleetdeploy/groups/default-local-deployment-group/logs/"
                          + "d-LOGCHECK1-local.log");
              assertThat(run.out()).contains("See the deployment log at " + log);
              assertThat(log)
                  .content()
                  .contains("Script - scripts/record.sh", "[stdout]recorded ApplicationStart");
            }),
        row(
            "L11",
            "local says what the hooks left running",
            temp -> {
              Path bundle = recordingBundle(temp, "ApplicationStart");
              Files.writeString(
                  bundle.resolve("scripts/record.sh"),
                  "#!/bin/sh\nsleep 60 >/dev/null 2>&1 </dev/null &\necho started\n");
              try {
                CommandLineCapture.Result run =
                    local(temp, bundle, "--deployment-id", "d-LEFTOVER1-local");
                assertSucceeded(run);
                List<Long> sleeping = RunnerHarness.processesOf("d-LEFTOVER1-local");
                assertThat(sleeping).hasSize(1);
                assertThat(run.out())
                    .contains(
                        "Left running (started by hook scripts, they outlive this command):",
                        "pid "
                            + sleeping.get(0)
                            + "  sleep 60  (ApplicationStart, scripts/record.sh)",
                        "runs this revision's ApplicationStop");
              } finally {
                RunnerHarness.processesOf("d-LEFTOVER1-local")
                    .forEach(
                        pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
              }
            }));
  }

  /**
   * A bundle whose AppSpec installs index.html to /srv/app and lists scripts/record.sh under each
   * of {@code events}; the script appends its event to /tmp/events.log and writes the hook
   * environment to /tmp/env-EVENT.txt, under the root prefix.
   */
  private static Path recordingBundle(Path temp, String... events) throws IOException {
    StringBuilder appSpec =
        new StringBuilder(
            """
        version: 0.0
        os: linux
        files:
          - source: index.html
            destination: /srv/app
        hooks:
        """);
    for (String event : events) {
      appSpec
          .append("  ")
          .append(event)
          .append(":\n    - location: scripts/record.sh\n      timeout: 30\n");
    }
    return bundle(
        temp.resolve("bundle"),
        Map.of(
            "appspec.yml", appSpec.toString(),
            "index.html", "local",
            "scripts/record.sh",
                """
            #!/bin/sh
            mkdir -p "$FLEETDEPLOY_ROOT/tmp"
            echo "$LIFECYCLE_EVENT" >> "$FLEETDEPLOY_ROOT/tmp/events.log"
            env | grep -E '^(LIFECYCLE_EVENT|DEPLOYMENT_ID|APPLICATION_NAME|DEPLOYMENT_GROUP_NAME|DEPLOYMENT_GROUP_ID)=' \\
              | sort > "$FLEETDEPLOY_ROOT/tmp/env-$LIFECYCLE_EVENT.txt"
            echo "recorded $LIFECYCLE_EVENT"
            """));
  }

  private static CommandLineCapture.Result local(Path temp, Path bundle, String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "local", "--bundle", bundle.toString(), "--root", temp.resolve("root").toString()));
    args.addAll(List.of(options));
    return CommandLineCapture.run(args.toArray(String[]::new));
  }

  private static void assertSucceeded(CommandLineCapture.Result run) {
    assertThat(run.exitCode()).as("exit code; out:%n%s%nerr:%n%s", run.out(), run.err()).isZero();
  }

  /** The events of a local run's progress lines, in order. */
  private static List<String> eventLines(CommandLineCapture.Result run) {
    return run.out()
        .lines()
        .filter(l -> l.matches("  [A-Za-z]+ +(Succeeded|Skipped|Failed).*"))
        .map(l -> l.trim().split(" +")[0])
        .toList();
  }

  private static List<String> recorded(Path temp) throws IOException {
    Path log = temp.resolve("root/tmp/events.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /**
   * A bundle inside the folder {@code myapp/} of {@code temp/wrapper}: index.html, and a start
   * script that records the event; {@code extra} adds files relative to the wrapper.
   */
  private static Path wrappedBundle(Path temp, Map<String, String> extra) throws IOException {
    Map<String, String> files =
        new java.util.HashMap<>(
            Map.of(
                "myapp/appspec.yml",
                    """
            version: 0.0
            os: linux
            files:
              - source: /
                destination: /opt/myapp
            hooks:
              ApplicationStart:
                - location: scripts/start.sh
            """,
                "myapp/index.html", "wrapped",
                "myapp/scripts/start.sh",
                    "#!/bin/sh\nmkdir -p \"$FLEETDEPLOY_ROOT/tmp\"\n"
                        + "printf %s \"$LIFECYCLE_EVENT\" > \"$FLEETDEPLOY_ROOT/tmp/started\"\n"));
    files.putAll(extra);
    return bundle(temp.resolve("wrapper"), files);
  }

  /**
   * Writes {@code files} (relative path to content) under {@code directory}; *.sh are executable.
   */
  static Path bundle(Path directory, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = directory.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      if (file.getKey().endsWith(".sh")) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    return directory;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void behavesAsTheDocumentSays(Row row) throws Exception {
    row.check().verify(temp);
  }

  @Test
  void everyRowOfTheDocumentHasACaseAndEveryCaseARow() throws IOException {
    Set<String> documented = new LinkedHashSet<>();
    for (String line : Files.readAllLines(DOCUMENT)) {
      Matcher id = ROW_ID.matcher(line);
      if (id.find()) {
        assertThat(documented.add(id.group(1)))
            .as("row %s appears twice in %s", id.group(1), DOCUMENT)
            .isTrue();
      }
    }
    List<String> tested = rows().map(Row::id).toList();

    assertThat(tested).doesNotHaveDuplicates();
    assertThat(documented).as("rows of %s", DOCUMENT).containsExactlyInAnyOrderElementsOf(tested);
  }

  // ---------------------------------------------------------------- helpers

  static AppSpecReport parse(String yaml) {
    return AppSpecParser.parse("appspec.yml", yaml);
  }

  private static AppSpecReport parseAcls(String list) {
    return parse(
        "version: 0.0\nos: linux\npermissions:\n  - object: /srv/www\n    acls: " + list + "\n");
  }

  private static List<String> acls(String list) {
    AppSpecReport report = parseAcls(list);
    assertThat(report.problems()).as("problems").isEmpty();
    AppSpec spec = report.appSpec().orElseThrow();
    return spec.permissions().get(0).acls();
  }

  private static AppSpecReport parseRange(String range) {
    return parse(
        "version: 0.0\nos: linux\npermissions:\n  - object: /srv/www\n    context:\n"
            + "      type: httpd_sys_content_t\n      range: "
            + range
            + "\n");
  }

  /** Deployable, and the only problems are warnings at these key paths. */
  static void assertWarnedOnly(AppSpecReport report, String... keyPaths) {
    assertThat(report.isDeployable()).as("deployable; problems: %s", report.problems()).isTrue();
    assertThat(report.problems()).extracting(Problem::keyPath).containsExactlyInAnyOrder(keyPaths);
  }

  static void assertRejected(AppSpecReport report, String keyPath, String fragment) {
    assertThat(report.isDeployable()).as("rejected; problems: %s", report.problems()).isFalse();
    assertThat(report.errors())
        .as("errors")
        .anySatisfy(
            p -> {
              assertThat(p.keyPath()).isEqualTo(keyPath);
              assertThat(p.message()).contains(fragment);
            });
  }

  static String message(AppSpecReport report, String keyPath) {
    return report.problems().stream()
        .filter(p -> p.keyPath().equals(keyPath))
        .map(Problem::message)
        .collect(Collectors.joining("\n"));
  }
}
