package io.fleetdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} without a reachable cluster: one paragraph naming the URL, where it came from and why
 * it failed; exit 1.
 */
class ApiServerCheckTest {
  @TempDir Path temp;

  @Test
  void runWithAKubeconfigOfAClosedPortSaysSoInOneParagraphAndExitsOne() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Path kubeconfig =
        Files.writeString(
            temp.resolve("kubeconfig"),
            """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "https://127.0.0.1:%d"}
        contexts:
        - name: my-context
          context: {cluster: local, user: me}
        current-context: my-context
        users:
        - name: me
          user: {token: not-a-real-token}
        """
                .formatted(closed));

    Path stderr = temp.resolve("stderr");
    Process run =
        fleetdeploy(
            Map.of("KUBECONFIG", kubeconfig.toString()),
            stderr,
            "run",
            "--http-port",
            "0",
            "--no-leader-election");

    assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("ended by itself").isTrue();
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(err).isEqualTo(1);
    assertThat(err.strip().lines())
        .as("one paragraph")
        .singleElement()
        .asString()
        .startsWith(
            "fleetdeploy run: cannot reach the Kubernetes API server https://127.0.0.1:"
                + closed
                + "/: connection refused. That address comes from the kubeconfig "
                + kubeconfig
                + " (named by KUBECONFIG), context my-context.");
    assertThat(err).doesNotContain("Exception", "\tat ", "Error starting operator");
  }

  @Test
  void aReachableApiServerPassesTheCheck() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Config config = Config.empty();
      config.setMasterUrl(api.url());
      assertThat(ApiServerCheck.problem(config, name -> null)).isEmpty();
    }
  }

  @Test
  void theSourceIsNamedWhereverTheAddressCameFrom() {
    Config inCluster = Config.empty();
    assertThat(
            ApiServerCheck.source(inCluster, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1")::get))
        .isEqualTo(
            "That address comes from the in-cluster service account (KUBERNETES_SERVICE_HOST is 10.96.0.1).");
    assertThat(
            ApiServerCheck.source(
                inCluster, Map.of("KUBERNETES_MASTER", "https://api.example:6443")::get))
        .isEqualTo("That address was set by KUBERNETES_MASTER.");
    assertThat(ApiServerCheck.source(inCluster, name -> null))
        .startsWith("That address is the client's default: there is no kubeconfig (looked for ")
        .endsWith("and this is not a pod in a cluster (KUBERNETES_SERVICE_HOST is not set).");
  }

  @Test
  void theReasonIsTheMostTellingCause() {
    ConnectException refused = new ConnectException();
    refused.initCause(new ClosedChannelException());
    assertThat(
            ApiServerCheck.reason(
                new KubernetesClientException("failed", new IOException(refused))))
        .isEqualTo("connection refused");
    ConnectException unresolved = new ConnectException();
    unresolved.initCause(new UnresolvedAddressException());
    assertThat(ApiServerCheck.reason(new KubernetesClientException("failed", unresolved)))
        .isEqualTo("its host name does not resolve");
    assertThat(ApiServerCheck.reason(new KubernetesClientException("Unauthorized", 401, null)))
        .isEqualTo("it refused the credentials (401 Unauthorized)");
  }

  /** The command line in a JVM of its own, with {@code env} added to this one's environment. */
  private static Process fleetdeploy(Map<String, String> env, Path stderr, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FleetdeployCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }
}
