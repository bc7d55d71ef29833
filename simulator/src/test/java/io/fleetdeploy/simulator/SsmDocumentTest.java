package io.fleetdeploy.simulator;

import static io.fleetdeploy.simulator.SsmRunCommandTest.assertErrorCode;
import static io.fleetdeploy.simulator.SsmTestSupport.awaitInvocation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentParameter;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * Custom Command documents (schema 2.2, JSON and YAML): validation, versions, parameters, running.
 */
class SsmDocumentTest {
  private static final String GREETER =
      """
      {
        "schemaVersion": "2.2",
        "description": "Writes a greeting, then reads it back.",
        "parameters": {
          "greeting": {"type": "String", "default": "hello", "allowedPattern": "^[a-z]+$"},
          "extra": {"type": "StringList", "default": ["echo no-extra"]}
        },
        "mainSteps": [
          {"action": "aws:runShellScript", "name": "write",
           "inputs": {"runCommand": ["echo {{ greeting }} > greeting.txt", "{{ extra }}"]}},
          {"action": "aws:runShellScript", "name": "check", "timeoutSeconds": 20,
           "inputs": {"runCommand": ["cat greeting.txt"]}}
        ]
      }
      """;

  private static AwsSimulator sim;
  private static SsmClient ssm;
  private static String host;

  @BeforeAll
  static void start() {
    sim = AwsSimulator.builder().build().start();
    ssm = SdkClients.of(sim).ssm();
    host = sim.addInstances(1, Map.of()).get(0);
    ssm.createDocument(
        b ->
            b.name("fleetdeploy-greeter")
                .content(GREETER)
                .documentType(DocumentType.COMMAND)
                .documentFormat(DocumentFormat.JSON));
  }

  @AfterAll
  static void stop() {
    ssm.close();
    sim.close();
  }

  private static String send(String document, Map<String, List<String>> parameters) {
    return ssm.sendCommand(b -> b.documentName(document).instanceIds(host).parameters(parameters))
        .command()
        .commandId();
  }

  @Test
  void customDocumentRunsEveryStepWithItsParameters() throws Exception {
    String commandId =
        send(
            "fleetdeploy-greeter",
            Map.of(
                "greeting",
                List.of("bonjour"),
                "extra",
                List.of("echo extra-one", "echo extra-two")));
    awaitStep(commandId, "check");
    GetCommandInvocationResponse writeStep =
        ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(host).pluginName("write"));
    assertThat(writeStep.standardOutputContent()).isEqualTo("extra-one\nextra-two\n");
    GetCommandInvocationResponse check =
        ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(host).pluginName("check"));
    assertThat(check.standardOutputContent()).isEqualTo("bonjour\n");
    assertThat(Files.readString(sim.instanceRoot(host).resolve("greeting.txt")))
        .isEqualTo("bonjour\n");

    var invocation =
        ssm.listCommandInvocations(b -> b.commandId(commandId).details(true))
            .commandInvocations()
            .get(0);
    assertThat(invocation.statusAsString()).isEqualTo("Success");
    List<CommandPlugin> plugins = invocation.commandPlugins();
    assertThat(plugins).extracting(CommandPlugin::name).containsExactly("write", "check");
    assertThat(plugins).extracting(CommandPlugin::statusAsString).containsOnly("Success");
  }

  @Test
  void getCommandInvocationNeedsThePluginNameForMultiStepDocuments() {
    String commandId = send("fleetdeploy-greeter", Map.of());
    awaitStep(commandId, "check");
    assertErrorCode(
        () -> ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(host)),
        "InvalidPluginName",
        "PluginName");
    assertErrorCode(
        () ->
            ssm.getCommandInvocation(
                b -> b.commandId(commandId).instanceId(host).pluginName("nope")),
        "InvalidPluginName",
        "nope");
  }

  private void awaitStep(String commandId, String step) {
    assertThat(SsmTestSupport.awaitCommand(ssm, commandId)).isEqualTo("Success");
    assertThat(
            ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(host).pluginName(step))
                .statusAsString())
        .isEqualTo("Success");
  }

  @Test
  void defaultsApplyAndAllowedPatternsAreEnforced() throws Exception {
    String commandId = send("fleetdeploy-greeter", Map.of());
    awaitStep(commandId, "check");
    assertThat(
            ssm.getCommandInvocation(
                    b -> b.commandId(commandId).instanceId(host).pluginName("check"))
                .standardOutputContent())
        .isEqualTo("hello\n");
    assertErrorCode(
        () -> send("fleetdeploy-greeter", Map.of("greeting", List.of("Not Allowed"))),
        "InvalidParameters",
        "allowed pattern");
    assertErrorCode(
        () -> send("fleetdeploy-greeter", Map.of("greeting", List.of("a", "b"))),
        "InvalidParameters",
        "exactly one value");
  }

  @Test
  void yamlDocumentsRunAndConvert() {
    String yaml =
        """
        schemaVersion: '2.2'
        description: YAML flavoured
        parameters:
          target:
            type: String
            default: world
        mainSteps:
          - action: aws:runShellScript
            name: greet
            inputs:
              timeoutSeconds: '30'
              runCommand:
                - echo "hello {{ target }}"
        """;
    DocumentDescription created =
        ssm.createDocument(
                b ->
                    b.name("yaml-greeter")
                        .content(yaml)
                        .documentFormat(DocumentFormat.YAML)
                        .documentType(DocumentType.COMMAND))
            .documentDescription();
    assertThat(created.statusAsString()).isEqualTo("Creating");
    assertThat(created.schemaVersion()).isEqualTo("2.2");
    assertThat(created.parameters())
        .extracting(DocumentParameter::name, DocumentParameter::defaultValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("target", "world"));

    String commandId = send("yaml-greeter", Map.of("target", List.of("yaml")));
    GetCommandInvocationResponse inv = awaitInvocation(ssm, commandId, host);
    assertThat(inv.pluginName()).isEqualTo("greet");
    assertThat(inv.standardOutputContent()).isEqualTo("hello yaml\n");

    assertThat(ssm.getDocument(b -> b.name("yaml-greeter")).content()).isEqualTo(yaml);
    String asJson =
        ssm.getDocument(b -> b.name("yaml-greeter").documentFormat(DocumentFormat.JSON)).content();
    assertThat(asJson).startsWith("{").contains("\"schemaVersion\":\"2.2\"", "\"name\":\"greet\"");
    assertThat(ssm.describeDocument(b -> b.name("yaml-greeter")).document().statusAsString())
        .isEqualTo("Active");
  }

  @Test
  void stepTimeoutEndsALongStep() {
    String doc =
        """
        {"schemaVersion": "2.2", "description": "slow",
         "mainSteps": [{"action": "aws:runShellScript", "name": "slow", "timeoutSeconds": 1,
                        "inputs": {"runCommand": ["sleep 20"]}}]}
        """;
    ssm.createDocument(b -> b.name("slow-step").content(doc).documentType(DocumentType.COMMAND));
    GetCommandInvocationResponse inv = awaitInvocation(ssm, send("slow-step", Map.of()), host);
    assertThat(inv.statusAsString()).isEqualTo("TimedOut");
    assertThat(inv.statusDetails()).isEqualTo("ExecutionTimedOut");
  }

  @Test
  void invalidDocumentsAreRejectedWithTheReason() {
    assertErrorCode(
        () -> ssm.createDocument(b -> b.name("no-schema").content("{\"mainSteps\": []}")),
        "InvalidDocumentContent",
        "schemaVersion");
    assertErrorCode(
        () ->
            ssm.createDocument(
                b ->
                    b.name("undeclared")
                        .content(
                            """
        {"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript", "name": "s",
          "inputs": {"runCommand": ["echo {{ missing }}"]}}]}""")),
        "InvalidDocumentContent",
        "missing");
    assertErrorCode(
        () ->
            ssm.createDocument(
                b ->
                    b.name("bad-yaml")
                        .documentFormat(DocumentFormat.YAML)
                        .content("schemaVersion: '2.2'\nmainSteps: [unclosed")),
        "InvalidDocumentContent",
        "YAML");
    assertErrorCode(
        () ->
            ssm.createDocument(
                b ->
                    b.name("no-run")
                        .content(
                            """
        {"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript", "name": "s", "inputs": {}}]}""")),
        "InvalidDocumentContent",
        "runCommand");
    assertErrorCode(
        () -> ssm.createDocument(b -> b.name("fleetdeploy-greeter").content(GREETER)),
        "DocumentAlreadyExists",
        "fleetdeploy-greeter");
    assertErrorCode(
        () -> ssm.createDocument(b -> b.name("AWS-Mine").content(GREETER)),
        "ValidationException",
        "aws");
    assertErrorCode(
        () ->
            ssm.createDocument(
                b ->
                    b.name("big")
                        .content(GREETER.replace("Writes a greeting", "x".repeat(70_000)))),
        "MaxDocumentSizeExceeded",
        "bytes");
  }

  @Test
  void versionsDefaultsHashesAndDeletion() throws Exception {
    String v1 = docPrinting("one");
    String v2 = docPrinting("two");
    ssm.createDocument(b -> b.name("versioned").content(v1));
    DocumentDescription updated =
        ssm.updateDocument(b -> b.name("versioned").content(v2).documentVersion("$LATEST"))
            .documentDescription();
    assertThat(updated.documentVersion()).isEqualTo("2");
    assertThat(updated.defaultVersion()).isEqualTo("1");
    assertThat(output(send("versioned", Map.of()))).isEqualTo("one\n");
    assertThat(
            output(
                ssm.sendCommand(
                        b ->
                            b.documentName("versioned")
                                .documentVersion("$LATEST")
                                .instanceIds(host))
                    .command()
                    .commandId()))
        .isEqualTo("two\n");

    ssm.updateDocumentDefaultVersion(b -> b.name("versioned").documentVersion("2"));
    assertThat(output(send("versioned", Map.of()))).isEqualTo("two\n");
    DocumentDescription described = ssm.describeDocument(b -> b.name("versioned")).document();
    assertThat(described.latestVersion()).isEqualTo("2");
    assertThat(described.defaultVersion()).isEqualTo("2");
    assertThat(described.hash()).isEqualTo(sha256(v2));
    assertThat(described.owner()).isEqualTo("123456789012");

    assertThat(
            output(
                ssm.sendCommand(
                        b -> b.documentName("versioned").documentHash(sha256(v2)).instanceIds(host))
                    .command()
                    .commandId()))
        .isEqualTo("two\n");
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b -> b.documentName("versioned").documentHash(sha256(v1)).instanceIds(host)),
        "InvalidDocument",
        "hash");
    assertErrorCode(
        () -> ssm.updateDocument(b -> b.name("versioned").content(v2)),
        "DuplicateDocumentContent",
        "");
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b -> b.documentName("versioned").documentVersion("9").instanceIds(host)),
        "InvalidDocumentVersion",
        "9");

    ssm.deleteDocument(b -> b.name("versioned"));
    assertErrorCode(
        () -> ssm.describeDocument(b -> b.name("versioned")), "InvalidDocument", "versioned");
  }

  @Test
  void awsRunShellScriptIsBuiltInAndReadOnly() {
    DocumentDescription d = ssm.describeDocument(b -> b.name("AWS-RunShellScript")).document();
    assertThat(d.owner()).isEqualTo("Amazon");
    assertThat(d.documentTypeAsString()).isEqualTo("Command");
    assertThat(d.parameters())
        .extracting(DocumentParameter::name)
        .containsExactly("commands", "workingDirectory", "executionTimeout");
    assertErrorCode(
        () -> ssm.deleteDocument(b -> b.name("AWS-RunShellScript")),
        "InvalidDocumentOperation",
        "Amazon");
    assertThat(
            ssm.listDocuments(b -> b.filters(f -> f.key("Owner").values("Amazon")))
                .documentIdentifiers())
        .extracting(i -> i.name())
        .containsExactly("AWS-RunShellScript");
  }

  private String output(String commandId) {
    return awaitInvocation(ssm, commandId, host).standardOutputContent();
  }

  private static String docPrinting(String word) {
    return "{\"schemaVersion\": \"2.2\", \"mainSteps\": [{\"action\": \"aws:runShellScript\", \"name\": \"say\","
        + " \"inputs\": {\"runCommand\": [\"echo "
        + word
        + "\"]}}]}";
  }

  private static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
