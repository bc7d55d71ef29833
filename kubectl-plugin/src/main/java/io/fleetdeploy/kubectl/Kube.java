package io.fleetdeploy.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster as kubectl would reach it: the kubeconfig file ({@code --kubeconfig}, else
 * KUBECONFIG, else ~/.kube/config), its current context or {@code --context}, and the context's
 * namespace unless {@code --namespace} names one.
 */
final class Kube implements AutoCloseable {
  private static volatile String lastServer;

  private final KubernetesClient client;
  private final String namespace;

  private Kube(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  static Kube connect(String kubeconfig, String context, String namespace) {
    String before = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    try {
      if (kubeconfig != null) {
        if (!Files.isRegularFile(Path.of(kubeconfig))) {
          throw new UserError("--kubeconfig " + kubeconfig + ": no such file");
        }
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig);
      }
      Config config = Config.autoConfigure(context);
      if (context != null
          && (config.getCurrentContext() == null
              || !context.equals(config.getCurrentContext().getName()))) {
        throw new UserError("context " + context + " is not in the kubeconfig");
      }
      config.setRequestRetryBackoffLimit(1);
      lastServer = config.getMasterUrl();
      String ns =
          namespace != null
              ? namespace
              : config.getNamespace() != null ? config.getNamespace() : "default";
      return new Kube(new KubernetesClientBuilder().withConfig(config).build(), ns);
    } finally {
      if (kubeconfig != null) {
        if (before == null) {
          System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        } else {
          System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, before);
        }
      }
    }
  }

  /** The API server the last connection was made to, for error messages. */
  static String lastServer() {
    return lastServer;
  }

  KubernetesClient client() {
    return client;
  }

  String namespace() {
    return namespace;
  }

  Deployment deployment(String name) {
    Deployment d = client.resources(Deployment.class).inNamespace(namespace).withName(name).get();
    if (d == null) {
      throw new UserError("deployment " + name + " not found in namespace " + namespace);
    }
    return d;
  }

  DeploymentGroup group(String name) {
    DeploymentGroup g =
        client.resources(DeploymentGroup.class).inNamespace(namespace).withName(name).get();
    if (g == null) {
      throw new UserError("deployment group " + name + " not found in namespace " + namespace);
    }
    return g;
  }

  DeploymentGroup groupOrNull(String name) {
    return client.resources(DeploymentGroup.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public void close() {
    client.close();
  }
}
