package io.fleetdeploy.hostplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.appspec.AppSpecParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPlanCodecTest {

  static HostPlan richPlan() {
    return HostPlanBuilder.build(
        AppSpecParser.parse(
                "appspec.yml",
                """
        version: 0.0
        os: linux
        files:
          - source: app
            destination: /opt/$(rm -rf /)
        permissions:
          - object: /opt/app
            pattern: "*.sh"
            except: [keep.sh]
            owner: app
            group: app
            mode: 0750
            acls: ["u:bob:rw"]
            context:
              name: system_u
              type: bin_t
              range: s0
            type: [file]
        hooks:
          ApplicationStop:
            - location: "scripts/stop.sh; reboot"
              timeout: 30
          ValidateService:
            - location: scripts/check.sh
              runas: "`id`"
        """)
            .appSpec()
            .orElseThrow(),
        HostPlanBuilderTest.context(
            Optional.empty(),
            true,
            Optional.of(new S3Location("b", "k", Optional.of("v"), Optional.of("\"etag\"")))));
  }

  @Test
  void roundTripsEveryField() {
    HostPlan plan = richPlan();

    assertThat(HostPlanCodec.fromJson(HostPlanCodec.toJson(plan))).isEqualTo(plan);
  }

  @Test
  void roundTripsAPartOfADeploymentSentInParts() {
    HostPlan part =
        richPlan().part(TrafficParts.events(3, java.util.List.of(1, 2, 3)), new PlanPart(3, true));

    String json = HostPlanCodec.toJson(part);
    assertThat(json).contains("\"part\":3,\"lastPart\":true");
    assertThat(HostPlanCodec.fromJson(json)).isEqualTo(part);
    assertThat(HostPlanCodec.toJson(richPlan())).doesNotContain("\"part\"");
  }

  @Test
  void shellMetacharactersStayPlainJsonStrings() {
    String json = HostPlanCodec.toJson(richPlan());

    assertThat(json)
        .contains(
            "\"destination\":\"/opt/$(rm -rf /)\"",
            "\"location\":\"scripts/stop.sh; reboot\"",
            "\"runas\":\"`id`\"",
            "\"mode\":\"750\"");
    String base64 = HostPlanCodec.toBase64(richPlan());
    assertThat(base64).matches("[A-Za-z0-9+/=]+");
    assertThat(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8))
        .isEqualTo(json);
  }

  @Test
  void typicalPlanIsSmall() {
    assertThat(HostPlanCodec.toBase64(richPlan()).length()).isLessThan(4_000);
  }

  @Test
  void readingAWrongPlanNamesTheField() {
    String json = HostPlanCodec.toJson(richPlan());

    assertThatThrownBy(
            () ->
                HostPlanCodec.fromJson(json.replace("\"formatVersion\":1", "\"formatVersion\":9")))
        .hasMessageContaining("formatVersion 9");
    assertThatThrownBy(
            () ->
                HostPlanCodec.fromJson(
                    json.replace("\"deploymentId\"", "\"deploymentIdentifier\"")))
        .hasMessage("host plan is missing 'deploymentId'");
    assertThatThrownBy(() -> HostPlanCodec.fromJson(json.replace("\"tgz\"", "\"rar\"")))
        .hasMessageContaining("revision.bundleType 'rar'");
    assertThatThrownBy(() -> HostPlanCodec.fromJson("{not json"))
        .hasMessageStartingWith("host plan is not JSON");
  }
}
