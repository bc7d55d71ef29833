package io.fleetdeploy.simulator.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.simulator.http.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentRenderingTest {

  @Test
  void listReferencesExpandInPlaceAndStringsInterpolate() {
    Object rendered =
        ParameterBinder.substitute(
            List.of("set -e", "{{ commands }}", "echo {{ name }}-{{name}}"),
            Map.of("commands", List.of("a", "b"), "name", "x"));
    assertThat(rendered).isEqualTo(List.of("set -e", "a", "b", "echo x-x"));
    assertThat(ParameterBinder.substitute("{{ ssm:/param }}", Map.of()))
        .isEqualTo("{{ ssm:/param }}");
  }

  @Test
  void awsRunShellScriptRendersToOneShellPlugin() {
    DocumentStore store = new DocumentStore("123456789012", Instant.EPOCH);
    DocumentVersion doc = store.resolve("AWS-RunShellScript", null, null);
    Map<String, Object> values =
        ParameterBinder.bind(
            doc,
            Map.of("commands", List.of("echo 1", "echo 2"), "executionTimeout", List.of("90")));
    List<RenderedStep> steps = ParameterBinder.render(doc.model(), values);
    assertThat(steps)
        .containsExactly(
            new RenderedStep("aws:runShellScript", "aws:runShellScript", "echo 1\necho 2", "", 90));
  }

  @Test
  void timeoutsFallBackToTheAgentDefaultAndAreCapped() {
    DocumentModel model =
        DocumentParser.parse(
            """
        {"schemaVersion": "2.2", "parameters": {"t": {"type": "String", "default": "x"}},
         "mainSteps": [
           {"action": "aws:runShellScript", "name": "a", "inputs": {"runCommand": ["true"], "timeoutSeconds": "{{ t }}"}},
           {"action": "aws:runShellScript", "name": "b", "timeoutSeconds": 999999, "inputs": {"runCommand": "true"}},
           {"action": "aws:runShellScript", "name": "c", "inputs": {"runCommand": ["true"]}}]}""",
            "JSON");
    List<RenderedStep> steps = ParameterBinder.render(model, Map.of("t", "not-a-number"));
    assertThat(steps).extracting(RenderedStep::timeoutSeconds).containsExactly(3600, 172_800, 3600);
  }

  @Test
  void unknownPluginsAndDuplicateStepNamesAreInvalidContent() {
    assertThatThrownBy(
            () ->
                DocumentParser.parse(
                    """
        {"schemaVersion": "2.2", "mainSteps": [{"action": "aws:teleport", "name": "a"}]}""",
                    "JSON"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidDocumentContent");
              assertThat(e.getMessage()).contains("mainSteps[0].action 'aws:teleport'");
            });
    assertThatThrownBy(
            () ->
                DocumentParser.parse(
                    """
        {"schemaVersion": "2.2", "mainSteps": [
          {"action": "aws:runShellScript", "name": "a", "inputs": {"runCommand": ["true"]}},
          {"action": "aws:runShellScript", "name": "a", "inputs": {"runCommand": ["true"]}}]}""",
                    "JSON"))
        .hasMessageContaining("mainSteps[1].name 'a' is used by an earlier step");
  }
}
