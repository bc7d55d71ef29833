package io.fleetdeploy.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;

/**
 * Before the operator starts, one look at the API server the client was configured for: when it
 * cannot be reached, one paragraph says which URL was tried, where that came from (KUBECONFIG,
 * ~/.kube/config, the in-cluster service account, KUBERNETES_MASTER) and why it failed, instead of
 * the informers' stack traces after their retries.
 */
final class ApiServerCheck {
  /**
   * The probe gives up sooner than the operator's client would: a person is waiting for the answer.
   */
  private static final int PROBE_TIMEOUT_MILLIS = 10_000;

  private ApiServerCheck() {}

  /** Empty when the API server answers {@code /version}; otherwise the paragraph to print. */
  static Optional<String> problem(Config config, UnaryOperator<String> env) {
    Config probe =
        new ConfigBuilder(config)
            .withRequestRetryBackoffLimit(1)
            .withConnectionTimeout(PROBE_TIMEOUT_MILLIS)
            .withRequestTimeout(PROBE_TIMEOUT_MILLIS)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(probe).build()) {
      client.getKubernetesVersion();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(
          "cannot reach the Kubernetes API server "
              + config.getMasterUrl()
              + ": "
              + reason(e)
              + ". "
              + source(config, env)
              + " Check that the cluster is up and is the one you mean (kubectl cluster-info reads "
              + "the same kubeconfig), or set KUBECONFIG to the kubeconfig of the right cluster.");
    }
  }

  /** Where the client's configuration came from, as a sentence. */
  static String source(Config config, UnaryOperator<String> env) {
    String master = setting("kubernetes.master", "KUBERNETES_MASTER", env);
    if (master != null && !master.isBlank()) {
      return "That address was set by KUBERNETES_MASTER.";
    }
    File file = config.getFile();
    if (file != null) {
      String kubeconfig = setting(Config.KUBERNETES_KUBECONFIG_FILE, "KUBECONFIG", env);
      String context =
          config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
      return "That address comes from the kubeconfig "
          + file
          + (kubeconfig == null || kubeconfig.isBlank()
              ? " (the default: KUBECONFIG is not set)"
              : " (named by KUBECONFIG)")
          + (context == null ? "" : ", context " + context)
          + ".";
    }
    String serviceHost = env.apply(Config.KUBERNETES_SERVICE_HOST_PROPERTY);
    if (serviceHost != null && !serviceHost.isBlank()) {
      return "That address comes from the in-cluster service account (KUBERNETES_SERVICE_HOST is "
          + serviceHost
          + ").";
    }
    return "That address is the client's default: there is no kubeconfig (looked for "
        + String.join(", ", Config.getKubeconfigFilenames())
        + "; KUBECONFIG names another) and this is not a pod "
        + "in a cluster (KUBERNETES_SERVICE_HOST is not set).";
  }

  /** Why the probe failed, in words: the most telling cause of the chain. */
  static String reason(Throwable failure) {
    if (failure instanceof KubernetesClientException k && k.getCode() > 0) {
      return k.getCode() == 401
          ? "it refused the credentials (401 Unauthorized)"
          : k.getCode() == 403
              ? "it forbids this user to read /version (403 Forbidden)"
              : "it answered "
                  + k.getCode()
                  + (k.getStatus() == null ? "" : ": " + k.getStatus().getMessage());
    }
    // Outer exceptions of the HTTP client often carry no message; the specific causes sit deeper.
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "its host name does not resolve"
            + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
      }
      if (t instanceof SSLException) {
        return "the TLS handshake failed: " + t.getMessage();
      }
      if (t instanceof HttpTimeoutException
          || t instanceof TimeoutException
          || t instanceof InterruptedIOException) {
        return "no answer within " + PROBE_TIMEOUT_MILLIS / 1000 + " s";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
      }
    }
    Throwable innermost = failure;
    while (innermost.getCause() != null) {
      innermost = innermost.getCause();
    }
    return innermost.getMessage() != null
        ? innermost.getMessage()
        : innermost.getClass().getSimpleName();
  }

  private static String setting(String property, String variable, UnaryOperator<String> env) {
    String value = System.getProperty(property);
    return value != null ? value : env.apply(variable);
  }
}
