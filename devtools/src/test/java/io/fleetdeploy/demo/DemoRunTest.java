package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The demo's whole story in this JVM, on a small fleet (3 tagged instances, 1 in demo-asg): the
 * group rolls demo-web 1.0.0 out, demo-asg scales out mid-way and the launch is deployed, then
 * 2.0.0 is rolled out to everything; {@code --output json} prints one List and nothing else on
 * stdout.
 */
class DemoRunTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void theSampleStorySucceedsAndPrintsOneKubernetesList() throws Exception {
    DemoInvocation run =
        DemoInvocation.demo(
            "--instances", "3", "--asg-instances", "1", "--output", "json", "--timeout", "100");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode list = STRICT.readTree(run.out());
    assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.path("kind").asText()).isEqualTo("List");
    List<JsonNode> items = StreamSupport.stream(list.path("items").spliterator(), false).toList();
    assertThat(items)
        .extracting(i -> i.path("kind").asText())
        .contains("Application", "DeploymentGroup", "Deployment");
    assertThat(items)
        .allSatisfy(
            i -> {
              assertThat(i.path("apiVersion").asText()).isEqualTo("fleetdeploy.io/v1alpha1");
              assertThat(i.path("metadata").path("uid").asText()).isNotEmpty();
              assertThat(i.path("status").isObject())
                  .as("status of %s", i.path("metadata").path("name"))
                  .isTrue();
            });

    List<JsonNode> deployments =
        items.stream().filter(i -> i.path("kind").asText().equals("Deployment")).toList();
    assertThat(deployments)
        .allSatisfy(
            d ->
                assertThat(d.path("status").path("phase").asText())
                    .as(d.path("metadata").path("name").asText())
                    .isEqualTo("Succeeded"));
    // v1 by the group, the launch of the instance demo-asg added mid-way, v2 by the group.
    assertThat(deployments)
        .extracting(d -> d.path("status").path("creator").asText())
        .containsExactly("deploymentGroup", "autoscaling", "deploymentGroup");
    assertThat(deployments)
        .extracting(d -> d.path("spec").path("revision").path("s3").path("key").asText())
        .containsExactly("demo-web-v1.tgz", "demo-web-v1.tgz", "demo-web-v2.tgz");

    JsonNode group =
        items.stream()
            .filter(i -> i.path("kind").asText().equals("DeploymentGroup"))
            .findFirst()
            .orElseThrow();
    Set<String> fleet = ids(group.path("status").path("instances"));
    assertThat(fleet).as("3 tagged + 1 in demo-asg + 1 scale-out").hasSize(5);
    Set<String> deployedTo = new HashSet<>();
    deployments.forEach(d -> deployedTo.addAll(ids(d.path("status").path("instances"))));
    assertThat(deployedTo).isEqualTo(fleet);
    JsonNode launch = deployments.get(1);
    assertThat(ids(launch.path("status").path("instances")))
        .singleElement()
        .satisfies(
            id ->
                assertThat(ids(deployments.get(0).path("status").path("instances")))
                    .doesNotContain(id));
    assertThat(ids(deployments.get(2).path("status").path("instances"))).isEqualTo(fleet);
    assertThat(group.path("status").path("lastSuccessfulRevision").path("s3").path("key").asText())
        .isEqualTo("demo-web-v2.tgz");

    assertThat(run.err())
        .as("a line per start-up step, before the system is up")
        .startsWith("   0.")
        .containsPattern(
            "(?s)s  starting the AWS fleet simulator\n.*s  starting the Kubernetes API server and "
                + "installing the fleetdeploy CRDs\n.*s  starting the operator\nfleetdeploy demo: embedded Kubernetes API "
                + "server at ");
    assertThat(run.err())
        .contains(
            "applied ",
            "02-deploymentgroup.yaml",
            "03-release-v2.yaml",
            "scale-out:",
            "batch 1:",
            "demo succeeded");
    assertThat(run.err())
        .containsPattern("(?m)^DEPLOYMENT +CREATOR +REVISION +PHASE +INSTANCES +DURATION$");
    assertThat(run.err())
        .containsPattern("(?m)^INSTANCE +FROM +REVISION +STATUS +DURATION +LAST DEPLOYMENT$");
  }

  private static Set<String> ids(JsonNode instances) {
    Set<String> ids = new HashSet<>();
    instances.forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }
}
