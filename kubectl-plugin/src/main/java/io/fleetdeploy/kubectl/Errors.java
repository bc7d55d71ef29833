package io.fleetdeploy.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** An exception as one line for the user: what failed and why, never a stack trace. */
final class Errors {
  private Errors() {}

  static String oneLine(Throwable e) {
    Throwable root = rootCause(e);
    boolean unreachable =
        root instanceof ConnectException
            || root instanceof java.nio.channels.ClosedChannelException
            || root instanceof UnknownHostException
            || root instanceof java.net.http.HttpConnectTimeoutException;
    if (unreachable && !(e instanceof UserError)) {
      return "cannot reach the API server"
          + (Kube.lastServer() == null ? "" : " at " + Kube.lastServer())
          + ": "
          + (root instanceof UnknownHostException
              ? "unknown host " + message(root)
              : root instanceof java.net.http.HttpConnectTimeoutException
                  ? "connection timed out"
                  : "connection refused")
          + " (check the kubeconfig's server, or --context)";
    }
    if (e instanceof KubernetesClientException k) {
      Throwable cause = rootCause(k);
      if (k.getCode() == 0 && cause instanceof java.io.IOException) {
        return "cannot reach the API server"
            + (Kube.lastServer() == null ? "" : " at " + Kube.lastServer())
            + ": "
            + (cause instanceof ConnectException
                    || cause instanceof java.nio.channels.ClosedChannelException
                ? "connection refused"
                : cause instanceof UnknownHostException
                    ? "unknown host " + message(cause)
                    : message(cause))
            + " (check the kubeconfig's server, or --context)";
      }
      if (k.getCode() == 401 || k.getCode() == 403) {
        return "the API server refused ("
            + k.getCode()
            + "): "
            + (k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage()
                : message(k));
      }
      if (k.getStatus() != null && k.getStatus().getMessage() != null) {
        return k.getStatus().getMessage();
      }
      return message(cause);
    }
    return message(e).replace('\n', ' ');
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
  }
}
