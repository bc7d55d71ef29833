package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The checker the chart tests rely on flags each way of breaking the restricted profile. */
class RestrictedPodSecurityTest {

  private static PodSpec compliant(UnaryOperator<PodSpecBuilder> change) {
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(10001L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addToContainers(
                new ContainerBuilder()
                    .withName("app")
                    .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .endSecurityContext()
                    .build());
    return change.apply(pod).build();
  }

  @Test
  void aCompliantPodHasNoViolations() {
    assertThat(RestrictedPodSecurity.violations(compliant(p -> p))).isEmpty();
  }

  @Test
  void hostNamespacesAndHostPathAreFlagged() {
    PodSpec pod =
        compliant(
            p ->
                p.withHostNetwork(true)
                    .addNewVolume()
                    .withName("docker")
                    .withNewHostPath()
                    .withPath("/var/run/docker.sock")
                    .endHostPath()
                    .endVolume());

    assertThat(RestrictedPodSecurity.violations(pod))
        .containsExactlyInAnyOrder(
            "pod: hostNetwork, hostPID and hostIPC must be unset or false",
            "volume docker: type hostPath is not allowed");
  }

  @Test
  void rootAndMissingSeccompAreFlagged() {
    PodSpec pod =
        compliant(
            p ->
                p.editSecurityContext()
                    .withRunAsNonRoot(null)
                    .withRunAsUser(0L)
                    .withSeccompProfile(null)
                    .endSecurityContext());

    assertThat(RestrictedPodSecurity.violations(pod))
        .containsExactlyInAnyOrder(
            "pod: runAsUser must not be 0",
            "container app: runAsNonRoot must be true (on the container or the pod)",
            "container app: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
  }

  @Test
  void containerSettingsOverrideThePods() {
    PodSpec pod =
        compliant(
            p ->
                p.editFirstContainer()
                    .editSecurityContext()
                    .withRunAsNonRoot(false)
                    .withNewSeccompProfile()
                    .withType("Unconfined")
                    .endSeccompProfile()
                    .endSecurityContext()
                    .endContainer());

    assertThat(RestrictedPodSecurity.violations(pod))
        .containsExactlyInAnyOrder(
            "container app: runAsNonRoot must be true (on the container or the pod)",
            "container app: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
  }

  @Test
  void privilegeAndCapabilitiesAreFlagged() {
    PodSpec pod =
        compliant(
            p ->
                p.editFirstContainer()
                    .editSecurityContext()
                    .withPrivileged(true)
                    .withAllowPrivilegeEscalation(null)
                    .withReadOnlyRootFilesystem(false)
                    .withNewCapabilities()
                    .withAdd("NET_ADMIN")
                    .endCapabilities()
                    .endSecurityContext()
                    .addNewPort()
                    .withContainerPort(80)
                    .withHostPort(80)
                    .endPort()
                    .endContainer());

    assertThat(RestrictedPodSecurity.violations(pod))
        .containsExactlyInAnyOrder(
            "container app: privileged must be unset or false",
            "container app: allowPrivilegeEscalation must be false",
            "container app: capabilities.drop must contain ALL",
            "container app: capabilities.add may only contain NET_BIND_SERVICE, not [NET_ADMIN]",
            "container app: hostPort must be unset",
            "container app: readOnlyRootFilesystem must be true");
  }

  @Test
  void initContainersAreCheckedToo() {
    PodSpec pod = compliant(p -> p.addNewInitContainer().withName("init").endInitContainer());

    assertThat(RestrictedPodSecurity.violations(pod))
        .contains(
            "container init: allowPrivilegeEscalation must be false",
            "container init: capabilities.drop must contain ALL");
  }
}
