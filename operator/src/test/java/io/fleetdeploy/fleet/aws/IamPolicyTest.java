package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/iam-policy.json allows exactly what the adapter calls: every SDK operation found in the
 * adapter's source maps to an allowed IAM action, and no allowed action goes unused. Adding a call
 * without updating the policy (or the other way round) fails here.
 */
class IamPolicyTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path POLICY = REPO.resolve("docs/iam-policy.json");
  private static final Path ADAPTER = Path.of("src/main/java/io/fleetdeploy/fleet/aws");

  /** The tag an instance needs for the operator to send it commands, as docs/iam.md names it. */
  private static final String MANAGED_TAG = "fleetdeploy-managed";

  /**
   * {@code aws.ssm().sendCommand(}, {@code aws.ec2().describeInstancesPaginator(}, ..., also when
   * the formatter breaks the chain over lines ({@code aws\n .ssm()\n .sendCommand(}).
   */
  private static final Pattern SDK_CALL =
      Pattern.compile(
          "aws\\s*\\.\\s*(ec2|autoScaling|ssm|s3|presigner|logs|elbv2|elb|cloudWatch|sns)\\(\\)\\s*\\.\\s*(\\w+)\\(");

  private static final Map<String, String> SERVICE_PREFIX =
      Map.of(
          "ec2",
          "ec2",
          "autoScaling",
          "autoscaling",
          "ssm",
          "ssm",
          "s3",
          "s3",
          "presigner",
          "s3",
          "logs",
          "logs",
          "elbv2",
          "elasticloadbalancing",
          "elb",
          "elasticloadbalancing",
          "cloudWatch",
          "cloudwatch",
          "sns",
          "sns");

  /**
   * S3 operations authorise as GetObject; with a versionId (which the adapter passes when a bucket
   * is versioned) as GetObjectVersion. A presigned GET is authorised as the signer when used.
   */
  private static final Map<String, List<String>> S3_ACTIONS =
      Map.of(
          "HeadObject", List.of("s3:GetObject", "s3:GetObjectVersion"),
          "GetObject", List.of("s3:GetObject", "s3:GetObjectVersion"),
          "PresignGetObject", List.of("s3:GetObject", "s3:GetObjectVersion"),
          "GetObjectAsBytes", List.of("s3:GetObject"));

  private final JsonNode policy = readPolicy();

  @Test
  void thePolicyAllowsEveryOperationTheAdapterCallsAndNothingElse() throws IOException {
    Set<String> operations = adapterOperations();
    Set<String> needed = new TreeSet<>();
    for (String operation : operations) {
      String service = operation.substring(0, operation.indexOf(':'));
      String name = operation.substring(operation.indexOf(':') + 1);
      if (service.equals("s3")) {
        assertThat(S3_ACTIONS).as("IAM actions of S3 operation %s", name).containsKey(name);
        needed.addAll(S3_ACTIONS.get(name));
      } else {
        needed.add(operation);
      }
    }

    assertThat(operations)
        .as("the scan finds the adapter's calls")
        .contains(
            "ec2:DescribeInstances",
            "ssm:SendCommand",
            "autoscaling:CompleteLifecycleAction",
            "s3:HeadObject");
    assertThat(allowedActions()).containsExactlyInAnyOrderElementsOf(needed);
  }

  /**
   * SendCommand is authorised against the document and against every target instance: the document
   * must be the runner's, and an instance must carry the tag the docs name (documents carry no tag,
   * so the condition sits on a statement of its own, for instances only).
   */
  @Test
  void sendCommandRunsOnlyTheRunnerDocumentAndOnlyOnTaggedInstances() {
    List<JsonNode> sends = statementsAllowing("ssm:SendCommand");
    assertThat(sends).hasSize(2);
    assertThat(sends)
        .anySatisfy(
            document -> {
              assertThat(texts(document.get("Resource")))
                  .containsExactly("arn:aws:ssm:*:*:document/" + RunnerDocument.NAME_PREFIX + "*");
              assertThat(document.has("Condition")).isFalse();
            });
    assertThat(sends)
        .anySatisfy(
            instances -> {
              assertThat(texts(instances.get("Resource")))
                  .containsExactlyInAnyOrder(
                      "arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:managed-instance/*");
              assertThat(
                      instances
                          .path("Condition")
                          .path("StringEquals")
                          .path("ssm:resourceTag/" + MANAGED_TAG)
                          .asText())
                  .isEqualTo("true");
              assertThat(instances.path("Condition").size())
                  .as("nothing but the tag condition")
                  .isEqualTo(1);
            });
    assertThat(sends)
        .allSatisfy(
            statement ->
                assertThat(texts(statement.get("Resource")))
                    .doesNotContain("*")
                    .noneMatch(r -> r.contains("document/*") || r.endsWith("document/AWS-*")));
    for (String action : List.of("ssm:CreateDocument", "ssm:DescribeDocument")) {
      assertThat(texts(statementAllowing(action).get("Resource")))
          .containsExactly("arn:aws:ssm:*:*:document/" + RunnerDocument.NAME_PREFIX + "*");
    }
  }

  /**
   * What must stay on "*" (the actions take no resource ARN in IAM) is only the reading and
   * cancelling of commands, and docs/iam.md says why and what that means.
   */
  @Test
  void onlyActionsWithoutResourceTypesAreAllowedOnEveryResourceAndTheDocsSaySo()
      throws IOException {
    Set<String> broad = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      if (texts(statement.get("Resource")).contains("*")) {
        broad.addAll(texts(statement.get("Action")));
      }
    }
    assertThat(broad)
        .containsExactlyInAnyOrder(
            "ec2:DescribeInstances",
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLifecycleHooks",
            "ssm:DescribeInstanceInformation",
            "ssm:ListCommands",
            "ssm:ListCommandInvocations",
            "ssm:GetCommandInvocation",
            "ssm:CancelCommand",
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeInstanceHealth",
            "elasticloadbalancing:DescribeLoadBalancerAttributes");
    String docs = Files.readString(REPO.resolve("docs/iam.md"));
    assertThat(docs).contains("ssm:resourceTag/" + MANAGED_TAG, "## What remains broad, and why");
    for (String action :
        List.of("ssm:ListCommands", "ssm:GetCommandInvocation", "ssm:CancelCommand")) {
      assertThat(docs).as("docs/iam.md explains %s", action).contains("`" + action + "`");
    }
  }

  @Test
  void lifecycleHookChangesNeedTheGroupToBeTaggedAndS3IsLimitedToTheBundleBucket() {
    for (String action :
        List.of(
            "autoscaling:PutLifecycleHook",
            "autoscaling:DeleteLifecycleHook",
            "autoscaling:RecordLifecycleActionHeartbeat",
            "autoscaling:CompleteLifecycleAction")) {
      JsonNode statement = statementAllowing(action);
      assertThat(texts(statement.get("Resource"))).doesNotContain("*");
      assertThat(
              statement
                  .path("Condition")
                  .path("StringEquals")
                  .path("autoscaling:ResourceTag/fleetdeploy-managed")
                  .asText())
          .isEqualTo("true");
    }
    assertThat(texts(statementAllowing("s3:GetObject").get("Resource")))
        .singleElement()
        .asString()
        .startsWith("arn:aws:s3:::")
        .endsWith("/*")
        .doesNotContain("*/*");
  }

  /**
   * Reading hosts' full output (spec.logging) is limited to fleetdeploy's log groups (the default
   * /fleetdeploy/&lt;namespace&gt;/&lt;group&gt;) and to one output bucket, never every log group
   * or bucket.
   */
  @Test
  void hostOutputIsReadOnlyFromFleetdeployLogGroupsAndTheOutputBucket() {
    assertThat(texts(statementAllowing("logs:GetLogEvents").get("Resource")))
        .containsExactly("arn:aws:logs:*:*:log-group:/fleetdeploy/*");
    List<JsonNode> s3Reads = statementsAllowing("s3:GetObject");
    assertThat(s3Reads).hasSize(2);
    assertThat(texts(s3Reads.get(1).get("Resource")))
        .containsExactly("arn:aws:s3:::REPLACE-WITH-YOUR-HOST-OUTPUT-BUCKET/*");
    assertThat(texts(s3Reads.get(1).get("Action"))).containsExactly("s3:GetObject");
  }

  @Test
  void noCodeOutsideTheAdapterTalksToAwsServicesDirectly() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (!file.startsWith(ADAPTER)
            && Files.readString(file).contains("import software.amazon.awssdk.services.")) {
          offenders.add(file.toString());
        }
      }
    }
    assertThat(offenders)
        .as("AWS service clients used outside fleet/aws (the IAM policy would not know)")
        .isEmpty();
  }

  private static Set<String> adapterOperations() throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(ADAPTER)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = SDK_CALL.matcher(Files.readString(file));
        while (m.find()) {
          String method = m.group(2).replaceFirst("Paginator$", "");
          out.add(
              SERVICE_PREFIX.get(m.group(1))
                  + ":"
                  + Character.toUpperCase(method.charAt(0))
                  + method.substring(1));
        }
      }
    }
    return out;
  }

  private Set<String> allowedActions() {
    Set<String> out = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      out.addAll(texts(statement.get("Action")));
    }
    return out;
  }

  private List<JsonNode> statementsAllowing(String action) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode statement : policy.get("Statement")) {
      if (texts(statement.get("Action")).contains(action)) {
        out.add(statement);
      }
    }
    return out;
  }

  private JsonNode statementAllowing(String action) {
    for (JsonNode statement : policy.get("Statement")) {
      if (texts(statement.get("Action")).contains(action)) {
        return statement;
      }
    }
    throw new AssertionError("no statement allows " + action);
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  private static JsonNode readPolicy() {
    try {
      return new ObjectMapper().readTree(POLICY.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + POLICY + ": " + e.getMessage(), e);
    }
  }
}
