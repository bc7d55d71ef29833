package io.fleetdeploy.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceResolverTest {

  private static SimRequest request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    return new SimRequest(
        method, path, query, headers, body.getBytes(StandardCharsets.UTF_8), "rid");
  }

  private static String auth(String service) {
    return "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/"
        + service
        + "/aws4_request, SignedHeaders=host,"
        + " Signature=abc";
  }

  @Test
  void routesByTargetHeaderThenCredentialScope() {
    assertThat(
            ServiceResolver.resolve(
                request(
                    "POST",
                    "/",
                    null,
                    Map.of("X-Amz-Target", List.of("AmazonSSM.SendCommand")),
                    "{}")))
        .isEqualTo("ssm");
    for (String service : List.of("ec2", "autoscaling", "ssm", "s3", "sts")) {
      assertThat(
              ServiceResolver.resolve(
                  request("POST", "/", null, Map.of("Authorization", List.of(auth(service))), "")))
          .isEqualTo(service);
    }
  }

  @Test
  void presignedAndUnsignedRequests() {
    assertThat(
            ServiceResolver.resolve(
                request(
                    "GET",
                    "/b/k",
                    "X-Amz-Credential=AKID%2F20250101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=x",
                    Map.of(),
                    "")))
        .isEqualTo("s3");
    assertThat(
            ServiceResolver.resolve(
                request(
                    "POST", "/", null, Map.of(), "Action=DescribeInstances&Version=2016-11-15")))
        .isEqualTo("ec2");
    assertThat(
            ServiceResolver.resolve(
                request(
                    "POST",
                    "/",
                    null,
                    Map.of(),
                    "Action=DescribeAutoScalingGroups&Version=2011-01-01")))
        .isEqualTo("autoscaling");
    assertThat(
            ServiceResolver.resolve(
                request(
                    "POST", "/", null, Map.of(), "Action=GetCallerIdentity&Version=2011-06-15")))
        .isEqualTo("sts");
    assertThat(ServiceResolver.resolve(request("GET", "/bucket/key", null, Map.of(), "")))
        .isEqualTo("s3");
  }

  @Test
  void unsignedLoadBalancingRequestsOfEitherVersionGoToElasticLoadBalancing() {
    for (String body :
        List.of(
            "Action=DescribeInstanceHealth&Version=2012-06-01&LoadBalancerName=web",
            "Action=DescribeTargetHealth&Version=2015-12-01")) {
      assertThat(ServiceResolver.resolve(request("POST", "/", null, Map.of(), body)))
          .isEqualTo("elasticloadbalancing");
    }
  }
}
