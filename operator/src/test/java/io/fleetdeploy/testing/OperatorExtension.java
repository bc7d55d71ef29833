package io.fleetdeploy.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.operator.FleetdeployOperator;
import io.fleetdeploy.operator.OperatorSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the operator in-process against the embedded API server (the Fabric8 mock in CRUD mode with
 * the generated CRDs). Register it as a static field with {@code @RegisterExtension}; tests create
 * resources through {@link #client()} and await what the operator writes back. {@link
 * #restartOperator()} stops the operator and starts a fresh one on the same API server, as a crash
 * and a new leader would.
 */
public final class OperatorExtension implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedApiServer api;
  private FleetdeployOperator operator;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    api = EmbeddedApiServer.start(0);
    startOperator();
  }

  private void startOperator() throws Exception {
    operator = new FleetdeployOperator(api.client(), OperatorSettings.embedded("eu-west-1", null)).start();
  }

  public KubernetesClient client() {
    return api.client();
  }

  public FleetdeployOperator operator() {
    return operator;
  }

  public void restartOperator() throws Exception {
    operator.close();
    startOperator();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }
}
