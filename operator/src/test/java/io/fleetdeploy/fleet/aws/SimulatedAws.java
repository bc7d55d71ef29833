package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.simulator.AwsSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An in-process AWS fleet simulator and the adapter's production SDK clients ({@link AwsClients}:
 * URL-connection HTTP client, standard retries, call counter) pointed at it over loopback, one per
 * test class. Register it as a static field with {@code @RegisterExtension}.
 */
final class SimulatedAws implements BeforeAllCallback, AfterAllCallback {
  static final String REGION = "eu-west-1";

  private final UnaryOperator<AwsSimulator.Builder> configuration;
  private final List<AwsClients> clients = new ArrayList<>();
  private AwsSimulator simulator;
  private AwsClients aws;

  SimulatedAws() {
    this(b -> b);
  }

  SimulatedAws(UnaryOperator<AwsSimulator.Builder> configuration) {
    this.configuration = configuration;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    simulator = configuration.apply(AwsSimulator.builder().port(0).region(REGION)).build().start();
    aws = newClients(AwsSettings.local(REGION, simulator.endpoint()).maxAttempts());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    clients.forEach(AwsClients::close);
    if (simulator != null) {
      simulator.close();
    }
  }

  AwsSimulator simulator() {
    return simulator;
  }

  /** The clients as production builds them, with production settings but for the endpoint. */
  AwsClients aws() {
    return aws;
  }

  /** A second set of clients, e.g. a restarted operator's, or one that gives up sooner. */
  AwsClients newClients(int maxAttempts) {
    AwsClients fresh =
        new AwsClients(
            new AwsSettings(
                REGION,
                Optional.of(simulator.endpoint()),
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("fleetdeploy", "local")),
                maxAttempts));
    clients.add(fresh);
    return fresh;
  }

  /** Starts the adapter's and the simulator's call counts from zero. */
  void resetCounters() {
    aws.counter().reset();
    simulator.resetCounters();
  }
}
