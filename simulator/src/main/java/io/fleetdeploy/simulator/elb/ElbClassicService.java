package io.fleetdeploy.simulator.elb;

import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.QueryProtocol;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classic Elastic Load Balancing over the AWS Query protocol ({@code Version=2012-06-01}, lists as
 * {@code Instances.member.N.InstanceId}): what a rollout needs of Classic Load Balancers, which are
 * created by the simulator's owner ({@link ClassicLoadBalancers#create}) or by CreateLoadBalancer
 * (listeners and zones are accepted and not modelled).
 */
public final class ElbClassicService implements AwsService {
  static final String VERSION = "2012-06-01";
  static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";

  /** The health-check delay of load balancers made by CreateLoadBalancer. */
  private static final Duration DEFAULT_HEALTH_CHECK_DELAY = Duration.ofSeconds(10);

  private static final Set<String> OPERATIONS =
      Set.of(
          "CreateLoadBalancer",
          "RegisterInstancesWithLoadBalancer",
          "DeregisterInstancesFromLoadBalancer",
          "DescribeInstanceHealth",
          "DescribeLoadBalancerAttributes",
          "ModifyLoadBalancerAttributes");

  private final ClassicLoadBalancers balancers;

  public ElbClassicService(ClassicLoadBalancers balancers) {
    this.balancers = balancers;
  }

  @Override
  public String name() {
    return "elasticloadbalancing";
  }

  @Override
  public String operation(SimRequest request) {
    return QueryProtocol.action(request, OPERATIONS, VERSION);
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
      case "CreateLoadBalancer" -> {
        String name = required(args, "LoadBalancerName");
        balancers.create(name, Optional.empty(), DEFAULT_HEALTH_CHECK_DELAY);
        String dns = balancers.dnsName(name);
        yield QueryProtocol.response(operation, NAMESPACE, rid, xml -> xml.leaf("DNSName", dns));
      }
      case "RegisterInstancesWithLoadBalancer" -> {
        List<String> registered =
            balancers.register(required(args, "LoadBalancerName"), instances(args, true));
        yield QueryProtocol.response(
            operation, NAMESPACE, rid, xml -> instanceList(xml, registered));
      }
      case "DeregisterInstancesFromLoadBalancer" -> {
        List<String> registered =
            balancers.deregister(required(args, "LoadBalancerName"), instances(args, true));
        yield QueryProtocol.response(
            operation, NAMESPACE, rid, xml -> instanceList(xml, registered));
      }
      case "DescribeInstanceHealth" -> {
        Map<String, ClassicLoadBalancers.InstanceHealth> health =
            balancers.health(required(args, "LoadBalancerName"), instances(args, false));
        yield QueryProtocol.response(
            operation,
            NAMESPACE,
            rid,
            xml -> {
              xml.start("InstanceStates");
              health.forEach(
                  (id, h) ->
                      xml.start("member")
                          .leaf("InstanceId", id)
                          .leaf("State", h.state())
                          .leaf("ReasonCode", h.reasonCode())
                          .leaf("Description", h.description())
                          .end());
              xml.end();
            });
      }
      case "DescribeLoadBalancerAttributes" -> {
        String name = required(args, "LoadBalancerName");
        yield attributes(operation, rid, null, balancers.connectionDraining(name));
      }
      case "ModifyLoadBalancerAttributes" -> {
        String name = required(args, "LoadBalancerName");
        QueryArgs draining = args.struct("LoadBalancerAttributes.ConnectionDraining");
        if (draining.has("Enabled")) {
          boolean enabled = Boolean.parseBoolean(draining.get("Enabled"));
          long seconds =
              draining.has("Timeout")
                  ? Long.parseLong(draining.get("Timeout"))
                  : balancers.connectionDraining(name).orElse(Duration.ofSeconds(300)).toSeconds();
          if (seconds < 1 || seconds > 3600) {
            throw ApiException.badRequest(
                "ValidationError", "ConnectionDraining.Timeout must be between 1 and 3600");
          }
          balancers.connectionDraining(
              name, enabled ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty());
        }
        yield attributes(operation, rid, name, balancers.connectionDraining(name));
      }
      default -> throw new IllegalStateException(operation);
    };
  }

  /** The attributes; {@code name} is echoed by ModifyLoadBalancerAttributes only. */
  private static SimResponse attributes(
      String operation, String rid, String name, Optional<Duration> draining) {
    return QueryProtocol.response(
        operation,
        NAMESPACE,
        rid,
        xml -> {
          if (name != null) {
            xml.leaf("LoadBalancerName", name);
          }
          xml.start("LoadBalancerAttributes")
              .start("ConnectionDraining")
              .leaf("Enabled", draining.isPresent())
              // AWS keeps the timeout (default 300) while draining is off.
              .leaf("Timeout", draining.map(Duration::toSeconds).orElse(300L))
              .end()
              .start("CrossZoneLoadBalancing")
              .leaf("Enabled", false)
              .end()
              .start("ConnectionSettings")
              .leaf("IdleTimeout", 60)
              .end()
              .start("AccessLog")
              .leaf("Enabled", false)
              .end()
              .end();
        });
  }

  private static void instanceList(XmlWriter xml, List<String> ids) {
    xml.start("Instances");
    ids.forEach(id -> xml.start("member").leaf("InstanceId", id).end());
    xml.end();
  }

  private static List<String> instances(QueryArgs args, boolean required) {
    List<String> ids =
        args.structs("Instances.member").stream().map(t -> t.get("InstanceId")).toList();
    if (required && ids.isEmpty()) {
      throw ApiException.badRequest("ValidationError", "Instances must not be empty");
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
