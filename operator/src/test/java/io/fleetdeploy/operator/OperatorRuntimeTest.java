package io.fleetdeploy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.fleet.aws.AwsFleetServices;
import io.fleetdeploy.fleet.aws.AwsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime as `run` starts it: leader election, health, readiness and metrics endpoints. */
class OperatorRuntimeTest {
  private static EmbeddedApiServer api;
  private static FleetdeployOperator operator;
  private static AwsClients aws;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0);
    // Nothing is reconciled here: the AWS side is never called, so it points nowhere.
    aws = new AwsClients(AwsSettings.local("eu-west-1", URI.create("http://127.0.0.1:9")));
    operator =
        new FleetdeployOperator(
                api.client(),
                new OperatorSettings(
                    Set.of(),
                    true,
                    Optional.of("fleetdeploy-system"),
                    "fleetdeploy-test-lease",
                    0,
                    "eu-west-1",
                    Optional.empty(),
                    2,
                    Timing.defaults(),
                    Duration.ofSeconds(60)),
                AwsFleetServices.create(aws))
            .start();
  }

  @AfterAll
  static void stop() {
    operator.close();
    api.close();
    aws.close();
  }

  @Test
  void takesTheLeaseBeforeReconciling() {
    Lease lease =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    api.client()
                        .leases()
                        .inNamespace("fleetdeploy-system")
                        .withName("fleetdeploy-test-lease")
                        .get(),
                l -> l != null && l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();
  }

  @Test
  void servesHealthReadinessAndPrometheusMetrics() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/readyz").statusCode() == 200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    // JOSDK's own metrics are registered with the same registry.
    assertThat(metrics.body()).contains("operator_sdk_");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
