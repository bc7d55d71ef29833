package io.fleetdeploy.simulator.elb;

import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.QueryProtocol;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Elastic Load Balancing v2 over the AWS Query protocol ({@code Version=2015-12-01}, lists as
 * {@code Targets.member.N.Id}): what a rollout needs of target groups, which are created by the
 * simulator's owner ({@link TargetGroups#create}) or by CreateTargetGroup.
 */
public final class ElbV2Service implements AwsService {
  static final String VERSION = "2015-12-01";
  static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
  private static final Set<String> OPERATIONS =
      Set.of(
          "CreateTargetGroup",
          "RegisterTargets",
          "DeregisterTargets",
          "DescribeTargetHealth",
          "DescribeTargetGroupAttributes",
          "ModifyTargetGroupAttributes");

  private final TargetGroups groups;

  public ElbV2Service(TargetGroups groups) {
    this.groups = groups;
  }

  @Override
  public String name() {
    return "elasticloadbalancing";
  }

  @Override
  public String operation(SimRequest request) {
    return QueryProtocol.action(request, OPERATIONS, "2015-12-01");
  }

  @Override
  public ApiException throttled() {
    return QueryProtocol.throttled();
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    return QueryProtocol.error(e, NAMESPACE, request.requestId());
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    QueryArgs args = request.form();
    String rid = request.requestId();
    return switch (operation) {
      case "CreateTargetGroup" -> {
        String name = required(args, "Name");
        String arn = groups.create(name, Duration.ofSeconds(300), Duration.ofSeconds(10));
        yield QueryProtocol.response(
            operation,
            NAMESPACE,
            rid,
            xml ->
                xml.start("TargetGroups")
                    .start("member")
                    .leaf("TargetGroupArn", arn)
                    .leaf("TargetGroupName", name)
                    .leaf("TargetType", "instance")
                    .end()
                    .end());
      }
      case "RegisterTargets" -> {
        groups.register(required(args, "TargetGroupArn"), targets(args, true));
        yield QueryProtocol.response(operation, NAMESPACE, rid, xml -> {});
      }
      case "DeregisterTargets" -> {
        groups.deregister(required(args, "TargetGroupArn"), targets(args, true));
        yield QueryProtocol.response(operation, NAMESPACE, rid, xml -> {});
      }
      case "DescribeTargetHealth" -> {
        Map<String, TargetGroups.Health> health =
            groups.health(required(args, "TargetGroupArn"), targets(args, false));
        yield QueryProtocol.response(
            operation,
            NAMESPACE,
            rid,
            xml -> {
              xml.start("TargetHealthDescriptions");
              health.forEach(
                  (id, h) -> {
                    xml.start("member").start("Target").leaf("Id", id).end();
                    xml.start("TargetHealth").leaf("State", h.state());
                    if (h.reason() != null) {
                      xml.leaf("Reason", h.reason());
                    }
                    xml.end().end();
                  });
              xml.end();
            });
      }
      case "DescribeTargetGroupAttributes" -> {
        Duration delay = groups.deregistrationDelay(required(args, "TargetGroupArn"));
        yield attributes(operation, rid, delay);
      }
      case "ModifyTargetGroupAttributes" -> {
        String arn = required(args, "TargetGroupArn");
        for (QueryArgs attribute : args.structs("Attributes.member")) {
          if ("deregistration_delay.timeout_seconds".equals(attribute.get("Key"))) {
            groups.deregistrationDelay(
                arn, Duration.ofSeconds(Long.parseLong(attribute.get("Value"))));
          }
        }
        yield attributes(operation, rid, groups.deregistrationDelay(arn));
      }
      default -> throw new IllegalStateException(operation);
    };
  }

  private static SimResponse attributes(String operation, String rid, Duration delay) {
    return QueryProtocol.response(
        operation,
        NAMESPACE,
        rid,
        xml ->
            xml.start("Attributes")
                .start("member")
                .leaf("Key", "deregistration_delay.timeout_seconds")
                .leaf("Value", Long.toString(delay.toSeconds()))
                .end()
                .end());
  }

  private static List<String> targets(QueryArgs args, boolean required) {
    List<String> ids = args.structs("Targets.member").stream().map(t -> t.get("Id")).toList();
    if (required && ids.isEmpty()) {
      throw ApiException.badRequest("ValidationError", "Targets must not be empty");
    }
    return ids;
  }

  private static String required(QueryArgs args, String name) {
    String value = args.get(name);
    if (value == null || value.isEmpty()) {
      throw ApiException.badRequest("ValidationError", name + " is required");
    }
    return value;
  }
}
