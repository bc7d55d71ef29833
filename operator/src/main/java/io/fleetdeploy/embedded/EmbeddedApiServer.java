package io.fleetdeploy.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * An in-process Kubernetes API server: the Fabric8 mock server in CRUD mode, with the fleetdeploy
 * CRDs installed. It is the API server of the demo and of the controller tests. It keeps objects,
 * resource versions, generations and watches, but has no admission (schema/CEL) and no
 * server-side apply.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  /** The CRDs the build generated, packaged with the classes. */
  public static final List<String> CRD_RESOURCES = List.of(
      "META-INF/fabric8/applications.fleetdeploy.io-v1.yml",
      "META-INF/fabric8/deploymentgroups.fleetdeploy.io-v1.yml",
      "META-INF/fabric8/deployments.fleetdeploy.io-v1.yml",
      "META-INF/fabric8/fleetpolicies.fleetdeploy.io-v1.yml");

  /** The mock logs every request at INFO through java.util.logging; keep a reference so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ApiWrites writes;
  private final EmbeddedDispatcher dispatcher;

  private EmbeddedApiServer(KubernetesMockServer server, ApiWrites writes, EmbeddedDispatcher dispatcher) {
    this.server = server;
    this.client = server.createClient();
    this.writes = writes;
    this.dispatcher = dispatcher;
  }

  /**
   * Starts a server on the loopback interface; port 0 picks a free one. It serves the discovery
   * documents of its CRDs, so kubectl works against it with {@code --server} alone.
   */
  public static EmbeddedApiServer start(int port) {
    List<CustomResourceDefinition> crds = loadCrds();
    ApiWrites writes = new ApiWrites();
    EmbeddedDispatcher dispatcher = new EmbeddedDispatcher(new ApiDiscovery(crds), writes);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    EmbeddedApiServer api = new EmbeddedApiServer(server, writes, dispatcher);
    try {
      installCrds(api.client, crds);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    return api;
  }

  /**
   * Creates the CRDs, or replaces them where they exist. Idempotent because the client retries a
   * request that timed out: on a loaded machine the first create can land after the client gave up
   * on it, and the retry then finds the CRD there (409) although nothing is wrong.
   */
  static void installCrds(KubernetesClient client, List<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      client.resource(crd).createOr(NonDeletingOperation::update);
    }
  }

  static List<CustomResourceDefinition> loadCrds() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String resource : CRD_RESOURCES) {
      try (InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " is not on the classpath: was the build's process-classes phase run?");
        }
        crds.add(serialization.unmarshal(in, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return crds;
  }

  /** Every write passes this gate from now on (fault injection for tests). */
  public void gate(WriteGate gate) {
    dispatcher.gate(gate);
  }

  /** A client for this server; closed with it. */
  public KubernetesClient client() {
    return client;
  }

  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** The writes this server has received (for the benchmark). */
  public ApiWrites writes() {
    return writes;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
