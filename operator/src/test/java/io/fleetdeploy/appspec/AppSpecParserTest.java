package io.fleetdeploy.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AppSpec table: what the CodeDeploy agent accepts is accepted, what it rejects is rejected,
 * and surprises are warned about; every case names its exact problems (severity, line, key path and
 * a fragment of the message).
 */
class AppSpecParserTest {

  enum Outcome {
    ACCEPTED,
    WARNED,
    REJECTED
  }

  record Expect(Severity severity, int line, String keyPath, String fragment) {}

  record Case(String name, String yaml, Outcome outcome, List<Expect> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Expect error(int line, String keyPath, String fragment) {
    return new Expect(Severity.ERROR, line, keyPath, fragment);
  }

  private static Expect warning(int line, String keyPath, String fragment) {
    return new Expect(Severity.WARNING, line, keyPath, fragment);
  }

  private static Case accepted(String name, String yaml) {
    return new Case(name, yaml, Outcome.ACCEPTED, List.of());
  }

  private static Case warned(String name, String yaml, Expect... problems) {
    return new Case(name, yaml, Outcome.WARNED, List.of(problems));
  }

  private static Case rejected(String name, String yaml, Expect... problems) {
    return new Case(name, yaml, Outcome.REJECTED, List.of(problems));
  }

  static Stream<Case> table() {
    return Stream.of(
        // ---------------------------------------------------------------- accepted
        accepted("minimal", "version: 0.0\nos: linux\n"),
        warned(
            "version as a quoted string",
            "version: \"0.0\"\nos: linux\n",
            warning(1, "version", "CodeDeploy's agent rejects it")),
        accepted(
            "typical bundle",
            """
            version: 0.0
            os: linux
            files:
              - source: /
                destination: /opt/app
            permissions:
              - object: /opt/app
                owner: root
                group: root
                mode: 755
                type:
                  - directory
            hooks:
              ApplicationStop:
                - location: scripts/stop.sh
                  timeout: 300
                  runas: root
              AfterInstall:
                - location: scripts/configure.sh
            """),
        accepted(
            "no timeout and no runas",
            """
            version: 0.0
            os: linux
            hooks:
              BeforeInstall:
                - location: scripts/prepare.sh
            """),
        accepted(
            "events out of lifecycle order",
            """
            version: 0.0
            os: linux
            hooks:
              ValidateService:
                - location: v.sh
              ApplicationStop:
                - location: s.sh
              BeforeInstall:
                - location: b.sh
            """),
        accepted(
            "null events are skipped",
            """
            version: 0.0
            os: linux
            hooks:
              BeforeInstall:
              AfterInstall:
                - location: a.sh
            """),
        accepted(
            "leading / and ./ on bundle paths",
            """
            version: 0.0
            os: linux
            files:
              - source: ./config/app.conf
                destination: /etc/app
            hooks:
              AfterInstall:
                - location: /scripts/a.sh
                - location: ./scripts/b.sh
            """),
        accepted(
            "bare integer mode",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: 4755
            """),
        accepted(
            "comments and no final newline",
            """
            # deployed by the pipeline
            version: 0.0   # always 0.0
            os: linux
            hooks:
              # start it
              ApplicationStart:
                - location: start.sh"""
                .stripIndent()),
        accepted(
            "four-space indentation",
            """
            version: 0.0
            os: linux
            hooks:
                AfterInstall:
                    - location: a.sh
                      timeout: 60
            """),
        accepted(
            "three-space indentation",
            """
            version: 0.0
            os: linux
            files:
               - source: app
                 destination: /opt/app
            """),
        accepted(
            "quoted mode with leading zero",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: "0644"
                type: [file]
            """),
        accepted(
            "the agent's sudo key",
            """
            version: 0.0
            os: linux
            hooks:
              ApplicationStart:
                - location: start.sh
                  runas: app
                  sudo: true
            """),
        accepted(
            "pattern, except, owner, group, acls and context",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /var/www
                pattern: "*.html"
                except: [index.html]
                owner: www-data
                group: www-data
                acls:
                  - u:bob:rw
                  - d:g:ops:rwx
                context:
                  name: system_u
                  type: httpd_sys_content_t
                  range: s0-s0:c0.c1023
                type: [file, directory]
            """),
        accepted("file_exists_behavior", "version: 0.0\nos: linux\nfile_exists_behavior: RETAIN\n"),
        accepted(
            "empty hooks, files and permissions",
            "version: 0.0\nos: linux\nhooks:\nfiles: []\npermissions:\n"),
        accepted(
            "windows line endings",
            "version: 0.0\r\nos: linux\r\nhooks:\r\n  AfterInstall:\r\n    - location: a.sh\r\n"),
        accepted(
            "timeout as a quoted number",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                  timeout: "120"
            """),

        // ---------------------------------------------------------------- rejected
        rejected(
            "wrong version",
            "version: 1.0\nos: linux\n",
            error(1, "version", "must be 0.0, found '1.0'")),
        rejected("missing version", "os: linux\nhooks:\n", error(1, "version", "missing")),
        rejected(
            "windows",
            "version: 0.0\nos: windows\n",
            error(2, "os", "windows is not supported yet")),
        rejected(
            "os is case-sensitive", "version: 0.0\nos: Linux\n", error(2, "os", "case-sensitive")),
        rejected("missing os", "version: 0.0\n", error(1, "os", "missing: add 'os: linux'")),
        rejected(
            "files entry without source",
            """
            version: 0.0
            os: linux
            files:
              - destination: /opt/app
            """,
            error(4, "files[0].source", "missing")),
        rejected(
            "files entry without destination",
            """
            version: 0.0
            os: linux
            files:
              - source: app
              - source: conf
                destination:
            """,
            error(4, "files[0].destination", "missing"),
            error(6, "files[1].destination", "missing")),
        warned(
            "relative destination",
            """
            version: 0.0
            os: linux
            files:
              - source: app
                destination: opt/app
            """,
            warning(5, "files[0].destination", "fleetdeploy uses /opt/app")),
        rejected(
            "permission type other than file/directory",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                type:
                  - files
            """,
            error(6, "permissions[0].type[0]", "must be 'file' or 'directory', found 'files'")),
        rejected(
            "permission type not a list",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                type: file
            """,
            error(5, "permissions[0].type", "must be a list")),
        rejected(
            "mode with a digit above 7",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: 888
            """,
            error(5, "permissions[0].mode", "digit above 7")),
        rejected(
            "mode too long",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: 12345
            """,
            error(5, "permissions[0].mode", "more than 4 digits")),
        rejected(
            "symbolic mode",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: u+x
            """,
            error(5, "permissions[0].mode", "symbolic modes")),
        rejected(
            "permission without object",
            """
            version: 0.0
            os: linux
            permissions:
              - owner: app
            """,
            error(4, "permissions[0].object", "missing")),
        rejected(
            "acl entry without a name",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                acls:
                  - u::rw
            """,
            error(6, "permissions[0].acls[0]", "set them with mode")),
        rejected(
            "except not a list",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                except: "*.log"
            """,
            error(5, "permissions[0].except", "must be a list")),
        rejected(
            "context without type",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                context:
                  user: system_u
            """,
            error(6, "permissions[0].context.type", "needs a type")),
        rejected(
            "file_exists_behavior is case-sensitive",
            "version: 0.0\nos: linux\nfile_exists_behavior: overwrite\n",
            error(3, "file_exists_behavior", "case-sensitive")),
        rejected(
            "unknown file_exists_behavior",
            "version: 0.0\nos: linux\nfile_exists_behavior: REPLACE\n",
            error(3, "file_exists_behavior", "must be DISALLOW, OVERWRITE or RETAIN")),
        rejected(
            "event that is a mapping, not a list",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                location: a.sh
            """,
            error(5, "hooks.AfterInstall", "must be a list of scripts")),
        rejected(
            "event entry that is a bare path",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - scripts/a.sh
            """,
            error(5, "hooks.AfterInstall[0]", "must be a mapping with a location")),
        rejected(
            "script without location",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                - timeout: 30
            """,
            error(6, "hooks.AfterInstall[1].location", "missing")),
        rejected(
            "zero timeout",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                  timeout: 0
            """,
            error(6, "hooks.AfterInstall[0].timeout", "above 0")),
        rejected(
            "text timeout",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                  timeout: five minutes
            """,
            error(6, "hooks.AfterInstall[0].timeout", "whole number of seconds")),
        rejected(
            "script outside the bundle",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: ../other/a.sh
            """,
            error(5, "hooks.AfterInstall[0].location", "outside the bundle")),
        rejected(
            "invalid YAML",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
               - location: b.sh
            """,
            error(6, "(document)", "not valid YAML")),
        rejected(
            "tab indentation",
            "version: 0.0\nos: linux\nhooks:\n\tAfterInstall:\n",
            error(4, "(document)", "not valid YAML")),
        rejected("empty file", "", error(1, "(document)", "the file is empty")),
        rejected("only comments", "# nothing yet\n\n", error(1, "(document)", "the file is empty")),
        rejected(
            "a list at the top", "- version: 0.0\n", error(1, "(document)", "must be a mapping")),
        rejected(
            "all problems at once",
            """
            version: 2
            os: windows
            hooks:
              AfterInstall:
                - timeout: 10
            permissions:
              - object: /opt/app
                mode: 9
            unknown: true
            """,
            error(1, "version", "must be 0.0"),
            error(2, "os", "not supported yet"),
            error(5, "hooks.AfterInstall[0].location", "missing"),
            error(8, "permissions[0].mode", "digit above 7"),
            warning(9, "unknown", "unknown key")),

        // ---------------------------------------------------------------- warned
        warned(
            "unknown top-level key",
            "version: 0.0\nos: linux\nnotifications: true\n",
            warning(3, "notifications", "unknown key, ignored")),
        warned(
            "misspelt top-level key",
            "version: 0.0\nos: linux\nhook:\n  AfterInstall:\n",
            warning(3, "hook", "did you mean 'hooks'?")),
        warned(
            "event name with a space",
            """
            version: 0.0
            os: linux
            hooks:
              Before Install:
                - location: a.sh
            """,
            warning(4, "hooks.Before Install", "did you mean 'BeforeInstall'?")),
        warned(
            "event name in camel case",
            """
            version: 0.0
            os: linux
            hooks:
              afterInstall:
                - location: a.sh
            """,
            warning(4, "hooks.afterInstall", "did you mean 'AfterInstall'?")),
        warned(
            "event name misspelt",
            """
            version: 0.0
            os: linux
            hooks:
              ApplicatonStart:
                - location: a.sh
            """,
            warning(4, "hooks.ApplicatonStart", "did you mean 'ApplicationStart'?")),
        warned(
            "unknown event name",
            """
            version: 0.0
            os: linux
            hooks:
              Deploy:
                - location: a.sh
            """,
            warning(4, "hooks.Deploy", "not a lifecycle event, so its scripts never run")),
        warned(
            "event at the top level",
            """
            version: 0.0
            os: linux
            ApplicationStart:
              - location: start.sh
            """,
            warning(3, "ApplicationStart", "under 'hooks:'")),
        warned(
            "scripts under a system event",
            """
            version: 0.0
            os: linux
            hooks:
              Install:
                - location: a.sh
            """,
            warning(4, "hooks.Install", "performed by the deployment system itself")),
        warned(
            "unquoted octal mode",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: 0644
            """,
            warning(
                5,
                "permissions[0].mode",
                "fleetdeploy applies 644 as you meant, but CodeDeploy would apply mode 420 instead")),
        warned(
            "unquoted octal mode CodeDeploy rejects",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                mode: 0755
            """,
            warning(
                5,
                "permissions[0].mode",
                "CodeDeploy would reject it (it reads the number as 493")),
        warned(
            "event timeouts over 3600 s",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                  timeout: 1800
                - location: b.sh
                  timeout: 1801
            """,
            warning(4, "hooks.AfterInstall", "add up to 3601 s")),
        accepted(
            "unwritten timeouts do not add up",
            """
            version: 0.0
            os: linux
            hooks:
              ValidateService:
                - location: a.sh
                - location: b.sh
                - location: c.sh
                  timeout: 3600
            """),
        rejected(
            "bad SELinux range",
            """
            version: 0.0
            os: linux
            permissions:
              - object: /opt/app
                context:
                  type: httpd_sys_content_t
                  range: high
            """,
            error(7, "permissions[0].context.range", "not an SELinux range")),
        warned(
            "overwrite under files",
            """
            version: 0.0
            os: linux
            files:
              - source: app
                destination: /opt/app
                overwrite: yes
            """,
            warning(6, "files[0].overwrite", "file_exists_behavior: OVERWRITE")),
        warned(
            "misspelt key in a script entry",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                  runAs: app
            """,
            warning(6, "hooks.AfterInstall[0].runAs", "did you mean 'runas'?")),
        warned(
            "repeated key",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
            hooks:
              BeforeInstall:
                - location: b.sh
            """,
            warning(5, "hooks", "only this last one counts")),
        warned(
            "fractional timeout",
            """
            version: 0.0
            os: linux
            hooks:
              AfterInstall:
                - location: a.sh
                  timeout: 90.5
            """,
            warning(6, "hooks.AfterInstall[0].timeout", "counts as 90 s")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void classifiesAndLocatesEveryProblem(Case c) {
    AppSpecReport report = AppSpecParser.parse("appspec.yml", c.yaml());

    Outcome outcome =
        !report.isDeployable()
            ? Outcome.REJECTED
            : report.problems().isEmpty() ? Outcome.ACCEPTED : Outcome.WARNED;
    assertThat(outcome).as("outcome; problems: %s", report.problems()).isEqualTo(c.outcome());
    assertThat(report.problems()).as("problems").hasSameSizeAs(c.problems());
    List<Problem> actual = new ArrayList<>(report.problems());
    actual.sort(Comparator.comparingInt(Problem::line).thenComparing(Problem::keyPath));
    List<Expect> expected = new ArrayList<>(c.problems());
    expected.sort(Comparator.comparingInt(Expect::line).thenComparing(Expect::keyPath));
    for (int i = 0; i < expected.size(); i++) {
      Problem problem = actual.get(i);
      Expect expect = expected.get(i);
      assertThat(problem.severity()).as("severity of %s", problem).isEqualTo(expect.severity());
      assertThat(problem.line()).as("line of %s", problem).isEqualTo(expect.line());
      assertThat(problem.keyPath()).as("key path of %s", problem).isEqualTo(expect.keyPath());
      assertThat(problem.message()).as("message of %s", problem).contains(expect.fragment());
      assertThat(problem.file()).isEqualTo("appspec.yml");
    }
  }

  @Test
  void tableHasAtLeastFortyCasesOfEachKind() {
    List<Case> cases = table().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases.stream().map(Case::outcome).distinct())
        .containsExactlyInAnyOrder(Outcome.values());
  }

  @Test
  void modelHasDefaultsAndNormalisedPaths() {
    AppSpec spec =
        AppSpecParser.parse(
                "appspec.yml",
                """
        version: 0.0
        os: linux
        files:
          - source: /
            destination: /opt/app
          - source: ./conf//app.conf
            destination: /etc/app/
        file_exists_behavior: OVERWRITE
        permissions:
          - object: /opt/app
            mode: 0644
        hooks:
          AfterInstall:
            - location: /scripts/a.sh
            - location: ./scripts/b.sh
              timeout: 30
              runas: app
          Deploy:
            - location: never.sh
        """)
            .appSpec()
            .orElseThrow();

    assertThat(spec.files())
        .containsExactly(
            new FileMapping("", "/opt/app"), new FileMapping("conf/app.conf", "/etc/app/"));
    assertThat(spec.fileExistsBehavior()).contains(FileExistsBehavior.OVERWRITE);
    assertThat(spec.scriptsFor(LifecycleEvent.AfterInstall))
        .containsExactly(
            new HookScript("scripts/a.sh", 3600, Optional.empty()),
            new HookScript("scripts/b.sh", 30, Optional.of("app")));
    assertThat(spec.hooks()).containsOnlyKeys(LifecycleEvent.AfterInstall);
    PermissionRule rule = spec.permissions().get(0);
    assertThat(rule.mode()).contains(new FileMode("644"));
    assertThat(rule.mode().orElseThrow().bits()).isEqualTo(0644);
    assertThat(rule.pattern()).isEqualTo("**");
    assertThat(rule.types()).isEqualTo(Set.of(PermissionType.FILE, PermissionType.DIRECTORY));
  }

  @Test
  void problemPrintsAsALinterLine() {
    Problem problem =
        AppSpecParser.parse("bundle/appspec.yml", "version: 0.0\nos: windows\n").problems().get(0);
    assertThat(problem.toString())
        .isEqualTo(
            "ERROR bundle/appspec.yml:2 os: windows is not supported yet: fleetdeploy deploys to Linux hosts only (os: linux)");
  }
}
