package io.fleetdeploy.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.simulator.AwsSimulator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw HTTP against the router: unknown operations and garbage get each service's own error shape.
 */
class RouterTest {
  private static AwsSimulator sim;

  @BeforeAll
  static void start() {
    sim = AwsSimulator.builder().build().start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private record Answer(int status, String body) {}

  private static Answer post(String body, Map<String, String> headers) throws Exception {
    HttpURLConnection conn = (HttpURLConnection) new URL(sim.endpoint() + "/").openConnection();
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    headers.forEach(conn::setRequestProperty);
    try (OutputStream out = conn.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = conn.getResponseCode();
    try (InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
      return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String auth(String service) {
    return "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/"
        + service
        + "/aws4_request, SignedHeaders=host,"
        + " Signature=abc";
  }

  @Test
  void unknownOperationsGetTheServicesOwnError() throws Exception {
    Answer ec2 =
        post("Action=RunInstances&Version=2016-11-15", Map.of("Authorization", auth("ec2")));
    assertThat(ec2.status()).isEqualTo(400);
    assertThat(ec2.body())
        .contains("<Response><Errors><Error><Code>InvalidAction</Code>", "RunInstances");

    Answer asg =
        post(
            "Action=AttachInstances&Version=2011-01-01",
            Map.of("Authorization", auth("autoscaling")));
    assertThat(asg.status()).isEqualTo(400);
    assertThat(asg.body())
        .contains(
            "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">",
            "<Code>InvalidAction</Code>");

    Answer ssm =
        post(
            "{}",
            Map.of(
                "Authorization",
                auth("ssm"),
                "X-Amz-Target",
                "AmazonSSM.StartSession",
                "Content-Type",
                "application/x-amz-json-1.1"));
    assertThat(ssm.status()).isEqualTo(400);
    assertThat(ssm.body())
        .contains("\"__type\":\"com.amazon.coral.service#UnknownOperationException\"");

    Answer iam = post("Action=ListUsers&Version=2010-05-08", Map.of("Authorization", auth("iam")));
    assertThat(iam.status()).isEqualTo(400);
    assertThat(iam.body()).contains("does not implement the service 'iam'");
  }

  @Test
  void malformedRequestsAreClientErrorsNotCrashes() throws Exception {
    Answer badForm =
        post(
            "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=%zz",
            Map.of("Authorization", auth("ec2")));
    assertThat(badForm.status()).isEqualTo(400);
    assertThat(badForm.body()).contains("<Code>MalformedQueryString</Code>", "%zz");

    Answer badJson =
        post(
            "{not json",
            Map.of("Authorization", auth("ssm"), "X-Amz-Target", "AmazonSSM.ListCommands"));
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.body()).contains("SerializationException", "not valid JSON");

    Answer wrongType =
        post(
            "{\"MaxResults\": \"ten\"}",
            Map.of("Authorization", auth("ssm"), "X-Amz-Target", "AmazonSSM.ListCommands"));
    assertThat(wrongType.body()).contains("SerializationException", "MaxResults");
  }
}
