package io.fleetdeploy.hostplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPlanBuilderTest {
  static final String SHA = "a".repeat(64);

  static AppSpec appSpec(String extra) {
    return AppSpecParser.parse(
            "appspec.yml",
            """
        version: 0.0
        os: linux
        files:
          - source: /
            destination: /opt/app
        hooks:
          ApplicationStop:
            - location: scripts/stop.sh
              timeout: 30
          AfterInstall:
            - location: scripts/configure.sh
              runas: app
        """
                + extra)
        .appSpec()
        .orElseThrow();
  }

  static DeploymentContext context(
      Optional<FileExistsBehavior> behavior, boolean traffic, Optional<S3Location> s3) {
    return new DeploymentContext(
        "d-42",
        "webshop",
        "web prod",
        "dg-7f3a",
        new Revision("https://bucket.s3.amazonaws.com/web.tgz?sig=1", BundleType.TGZ, SHA, s3),
        behavior,
        true,
        traffic);
  }

  @Test
  void plansTheSevenInPlaceEventsOrThirteenWithTrafficControl() {
    HostPlan plain =
        HostPlanBuilder.build(appSpec(""), context(Optional.empty(), false, Optional.empty()));
    HostPlan withTraffic =
        HostPlanBuilder.build(appSpec(""), context(Optional.empty(), true, Optional.empty()));

    assertThat(plain.events())
        .containsExactly(
            "ApplicationStop",
            "DownloadBundle",
            "BeforeInstall",
            "Install",
            "AfterInstall",
            "ApplicationStart",
            "ValidateService");
    assertThat(withTraffic.events())
        .hasSize(13)
        .startsWith("BeforeBlockTraffic")
        .endsWith("AfterAllowTraffic");
    assertThat(plain.customHooks()).isEmpty();
    assertThat(plain.hooks().get(LifecycleEvent.AfterInstall))
        .singleElement()
        .satisfies(s -> assertThat(s.runas()).contains("app"));
    assertThat(plain.ignoreApplicationStopFailures()).isTrue();
  }

  @Test
  void localPlanRunsTheGivenEventsWithTheScriptsOfItsCustomOnes() {
    AppSpec spec =
        appSpec(
            """
          CustomEvent:
            - location: scripts/custom.sh
              timeout: 20
          Ignored:
            - location: scripts/ignored.sh
        """);

    HostPlan plan =
        HostPlanBuilder.buildLocal(
            spec,
            context(Optional.empty(), false, Optional.empty()),
            LocalEvents.order(List.of("CustomEvent", "AfterInstall")));

    assertThat(plan.events())
        .containsExactly("DownloadBundle", "Install", "CustomEvent", "AfterInstall");
    assertThat(plan.customHooks()).containsOnlyKeys("CustomEvent");
    assertThat(plan.customHooks().get("CustomEvent"))
        .singleElement()
        .satisfies(s -> assertThat(s.timeoutSeconds()).isEqualTo(20));
    assertThat(HostPlanCodec.fromJson(HostPlanCodec.toJson(plan))).isEqualTo(plan);
    assertThat(HostPlanCodec.toJson(plan))
        .contains("\"events\":[\"DownloadBundle\",\"Install\",\"CustomEvent\",");
  }

  @Test
  void appSpecFileExistsBehaviorWinsOverTheDeploymentsWhichWinsOverTheDefault() {
    assertThat(
            HostPlanBuilder.build(
                    appSpec("file_exists_behavior: RETAIN\n"),
                    context(Optional.of(FileExistsBehavior.OVERWRITE), false, Optional.empty()))
                .install()
                .fileExistsBehavior())
        .isEqualTo(FileExistsBehavior.RETAIN);
    assertThat(
            HostPlanBuilder.build(
                    appSpec(""),
                    context(Optional.of(FileExistsBehavior.OVERWRITE), false, Optional.empty()))
                .install()
                .fileExistsBehavior())
        .isEqualTo(FileExistsBehavior.OVERWRITE);
    assertThat(
            HostPlanBuilder.build(appSpec(""), context(Optional.empty(), false, Optional.empty()))
                .install()
                .fileExistsBehavior())
        .isEqualTo(FileExistsBehavior.DISALLOW);
  }

  @Test
  void environmentHasTheCodeDeployVariablesAndBundleOnesForS3() {
    HostPlan fromUrl =
        HostPlanBuilder.build(appSpec(""), context(Optional.empty(), false, Optional.empty()));
    HostPlan fromS3 =
        HostPlanBuilder.build(
            appSpec(""),
            context(
                Optional.empty(),
                false,
                Optional.of(
                    new S3Location("bundles", "web.tgz", Optional.empty(), Optional.of("e1")))));

    assertThat(fromUrl.environment())
        .containsOnlyKeys(
            "DEPLOYMENT_ID", "APPLICATION_NAME", "DEPLOYMENT_GROUP_NAME", "DEPLOYMENT_GROUP_ID")
        .containsEntry("DEPLOYMENT_GROUP_NAME", "web prod");
    assertThat(fromS3.environment())
        .containsEntry("BUNDLE_BUCKET", "bundles")
        .containsEntry("BUNDLE_KEY", "web.tgz")
        .containsEntry("BUNDLE_ETAG", "e1")
        .doesNotContainKey("BUNDLE_VERSION");
  }

  @Test
  void refusesValuesThatCannotGoToAHost() {
    DeploymentContext ok = context(Optional.empty(), false, Optional.empty());

    assertThatThrownBy(
            () ->
                HostPlanBuilder.build(
                    appSpec(""),
                    new DeploymentContext(
                        "../etc", "a", "g", "dg", ok.revision(), Optional.empty(), false, false)))
        .hasMessageContaining("deployment id must be 1-128 letters")
        .hasMessageContaining("'../etc'");
    assertThatThrownBy(
            () ->
                HostPlanBuilder.build(
                    appSpec(""),
                    new DeploymentContext(
                        "d-1",
                        "a",
                        "g",
                        "dg",
                        new Revision("x", BundleType.ZIP, "ABC", Optional.empty()),
                        Optional.empty(),
                        false,
                        false)))
        .hasMessageContaining("revision sha256 must be 64 lower-case hex digits");
    assertThatThrownBy(
            () ->
                HostPlanBuilder.build(
                    appSpec(""),
                    new DeploymentContext(
                        "d-1",
                        "line\nbreak",
                        "g",
                        "dg",
                        ok.revision(),
                        Optional.empty(),
                        false,
                        false)))
        .hasMessageContaining("application name");
  }
}
