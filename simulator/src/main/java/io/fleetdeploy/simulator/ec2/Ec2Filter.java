package io.fleetdeploy.simulator.ec2;

import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One DescribeInstances filter ({@code Filter.N.Name} with {@code Filter.N.Value.M}). Filters are
 * ANDed, a filter's values ORed, and values may use EC2's {@code *} and {@code ?} wildcards.
 */
record Ec2Filter(String name, List<Pattern> values) {
  private static final Set<String> NAMES =
      Set.of(
          "instance-id",
          "instance-state-name",
          "instance-state-code",
          "availability-zone",
          "private-ip-address",
          "private-dns-name",
          "instance-type",
          "image-id",
          "reservation-id",
          "tag-key",
          "tag-value");

  static List<Ec2Filter> parse(QueryArgs args) {
    List<Ec2Filter> out = new ArrayList<>();
    for (QueryArgs f : args.structs("Filter")) {
      String name = f.get("Name");
      if (name == null) {
        throw ApiException.badRequest("InvalidParameterValue", "A filter needs a Name.");
      }
      if (!NAMES.contains(name) && !name.startsWith("tag:")) {
        throw ApiException.badRequest(
            "InvalidParameterValue", "The filter '" + name + "' is invalid");
      }
      List<Pattern> values = f.list("Value").stream().map(Ec2Filter::glob).toList();
      out.add(new Ec2Filter(name, values));
    }
    return out;
  }

  boolean matches(InstanceSnapshot inst, String privateDnsName) {
    return switch (name) {
      case "instance-id" -> any(inst.id());
      case "instance-state-name" -> any(inst.state().wireName());
      case "instance-state-code" -> any(String.valueOf(inst.state().code()));
      case "availability-zone" -> any(inst.availabilityZone());
      case "private-ip-address" -> any(inst.privateIp());
      case "private-dns-name" -> any(privateDnsName);
      case "instance-type" -> any(inst.instanceType());
      case "image-id" -> any(inst.imageId());
      case "reservation-id" -> any(inst.reservationId());
      case "tag-key" -> inst.tags().keySet().stream().anyMatch(this::any);
      case "tag-value" -> inst.tags().values().stream().anyMatch(this::any);
      default -> {
        String tagValue = inst.tags().get(name.substring("tag:".length()));
        yield tagValue != null && any(tagValue);
      }
    };
  }

  /** For DescribeTags, whose filters are key, value, resource-id and resource-type. */
  boolean matchesTag(String resourceId, Map.Entry<String, String> tag) {
    return switch (name) {
      case "key" -> any(tag.getKey());
      case "value" -> any(tag.getValue());
      case "resource-id" -> any(resourceId);
      case "resource-type" -> any("instance");
      default -> true;
    };
  }

  private boolean any(String actual) {
    return actual != null && values.stream().anyMatch(p -> p.matcher(actual).matches());
  }

  static Pattern glob(String value) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
