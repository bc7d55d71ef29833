package io.fleetdeploy.kubectl;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dashboard}: forwards a local port to the operator's dashboard Service (its port named
 * {@code ui}) through the API server, as {@code kubectl port-forward} does, and prints the URL.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = "Open the operator's dashboard: port-forward to its Service and print the URL.")
final class DashboardCommand implements Callable<Integer> {
  static final String UI_PORT_NAME = "http-ui";

  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--operator-namespace",
      defaultValue = "fleetdeploy-system",
      description = "Where the operator runs (default fleetdeploy-system).")
  String operatorNamespace;

  @Option(
      names = "--service",
      description = "The dashboard Service (default: the one with a port named ui).")
  String service;

  @Option(names = "--port", defaultValue = "0", description = "Local port (default: a free one).")
  int localPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Kube kube = root.kube()) {
      Service svc = find(kube);
      ServicePort port =
          svc.getSpec().getPorts().stream()
              .filter(p -> UI_PORT_NAME.equals(p.getName()))
              .findFirst()
              .orElseThrow();
      try (LocalPortForward forward =
          kube.client()
              .services()
              .inNamespace(operatorNamespace)
              .withName(svc.getMetadata().getName())
              .portForward(port.getPort(), localPort)) {
        out.println(
            "fleetdeploy dashboard: http://127.0.0.1:"
                + forward.getLocalPort()
                + "/  (forwarding to service "
                + operatorNamespace
                + "/"
                + svc.getMetadata().getName()
                + ":"
                + port.getPort()
                + "; Ctrl-C to stop)");
        out.flush();
        while (forward.isAlive() && !forward.errorOccurred()) {
          Thread.sleep(500);
        }
        throw new UserError("the port-forward ended: " + forward.getServerThrowables());
      }
    }
  }

  private Service find(Kube kube) {
    if (service != null) {
      Service svc = kube.client().services().inNamespace(operatorNamespace).withName(service).get();
      if (svc == null) {
        throw new UserError("no service " + service + " in namespace " + operatorNamespace);
      }
      if (svc.getSpec().getPorts().stream().noneMatch(p -> UI_PORT_NAME.equals(p.getName()))) {
        throw new UserError(
            "service " + operatorNamespace + "/" + service + " has no port named " + UI_PORT_NAME);
      }
      return svc;
    }
    List<Service> candidates =
        kube.client().services().inNamespace(operatorNamespace).list().getItems().stream()
            .filter(
                s ->
                    s.getSpec() != null
                        && s.getSpec().getPorts() != null
                        && s.getSpec().getPorts().stream()
                            .anyMatch(p -> UI_PORT_NAME.equals(p.getName())))
            .toList();
    if (candidates.isEmpty()) {
      throw new UserError(
          "no service with a port named "
              + UI_PORT_NAME
              + " in namespace "
              + operatorNamespace
              + ": is the operator installed there with its dashboard on"
              + " (--operator-namespace to look elsewhere)?");
    }
    return candidates.get(0);
  }
}
