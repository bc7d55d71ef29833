package io.fleetdeploy.chart;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Kubernetes "restricted" Pod Security Standard (which includes "baseline"), as far as a pod
 * template can break it, plus this project's rule of a read-only root filesystem. Returns what is
 * wrong rather than a yes/no, so a failing test says which field to fix.
 */
final class RestrictedPodSecurity {
  private static final Set<String> RESTRICTED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private RestrictedPodSecurity() {}

  static List<String> violations(PodSpec pod) {
    List<String> violations = new ArrayList<>();
    PodSecurityContext podContext =
        Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add("pod: hostNetwork, hostPID and hostIPC must be unset or false");
    }
    for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
      String type = volumeType(volume);
      if (!RESTRICTED_VOLUME_TYPES.contains(type)) {
        violations.add("volume " + volume.getName() + ": type " + type + " is not allowed");
      }
    }
    if (isUnconfined(podContext.getSeccompProfile())) {
      violations.add("pod: seccompProfile must not be Unconfined");
    }
    if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
      violations.add("pod: runAsUser must not be 0");
    }
    if (podContext.getSysctls() != null && !podContext.getSysctls().isEmpty()) {
      violations.add("pod: sysctls must be unset");
    }
    Stream.concat(
            Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream(),
            Optional.ofNullable(pod.getContainers()).orElse(List.of()).stream())
        .forEach(c -> violations.addAll(containerViolations(c, podContext)));
    return violations;
  }

  private static List<String> containerViolations(Container container, PodSecurityContext pod) {
    List<String> violations = new ArrayList<>();
    String where = "container " + container.getName() + ": ";
    SecurityContext context =
        Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
    if (Boolean.TRUE.equals(context.getPrivileged())) {
      violations.add(where + "privileged must be unset or false");
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      violations.add(where + "allowPrivilegeEscalation must be false");
    }
    if (!Boolean.TRUE.equals(effective(context.getRunAsNonRoot(), pod.getRunAsNonRoot()))) {
      violations.add(where + "runAsNonRoot must be true (on the container or the pod)");
    }
    if (Long.valueOf(0).equals(context.getRunAsUser())) {
      violations.add(where + "runAsUser must not be 0");
    }
    SeccompProfile seccomp = effective(context.getSeccompProfile(), pod.getSeccompProfile());
    if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
      violations.add(
          where
              + "seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
    }
    Capabilities capabilities =
        Optional.ofNullable(context.getCapabilities()).orElseGet(Capabilities::new);
    if (!Optional.ofNullable(capabilities.getDrop()).orElse(List.of()).contains("ALL")) {
      violations.add(where + "capabilities.drop must contain ALL");
    }
    List<String> added = Optional.ofNullable(capabilities.getAdd()).orElse(List.of());
    if (!Set.of("NET_BIND_SERVICE").containsAll(added)) {
      violations.add(where + "capabilities.add may only contain NET_BIND_SERVICE, not " + added);
    }
    for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
      if (port.getHostPort() != null && port.getHostPort() != 0) {
        violations.add(where + "hostPort must be unset");
      }
    }
    if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
      violations.add(where + "readOnlyRootFilesystem must be true");
    }
    return violations;
  }

  private static <T> T effective(T container, T pod) {
    return container != null ? container : pod;
  }

  private static boolean isUnconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equals(profile.getType());
  }

  /** The name of the one volume source that is set, e.g. emptyDir or hostPath. */
  private static String volumeType(Volume volume) {
    Map<String, Function<Volume, Object>> sources =
        Map.ofEntries(
            Map.entry("awsElasticBlockStore", Volume::getAwsElasticBlockStore),
            Map.entry("azureDisk", Volume::getAzureDisk),
            Map.entry("azureFile", Volume::getAzureFile),
            Map.entry("cephfs", Volume::getCephfs),
            Map.entry("cinder", Volume::getCinder),
            Map.entry("configMap", Volume::getConfigMap),
            Map.entry("csi", Volume::getCsi),
            Map.entry("downwardAPI", Volume::getDownwardAPI),
            Map.entry("emptyDir", Volume::getEmptyDir),
            Map.entry("ephemeral", Volume::getEphemeral),
            Map.entry("fc", Volume::getFc),
            Map.entry("flexVolume", Volume::getFlexVolume),
            Map.entry("flocker", Volume::getFlocker),
            Map.entry("gcePersistentDisk", Volume::getGcePersistentDisk),
            Map.entry("gitRepo", Volume::getGitRepo),
            Map.entry("glusterfs", Volume::getGlusterfs),
            Map.entry("hostPath", Volume::getHostPath),
            Map.entry("image", Volume::getImage),
            Map.entry("iscsi", Volume::getIscsi),
            Map.entry("nfs", Volume::getNfs),
            Map.entry("persistentVolumeClaim", Volume::getPersistentVolumeClaim),
            Map.entry("photonPersistentDisk", Volume::getPhotonPersistentDisk),
            Map.entry("portworxVolume", Volume::getPortworxVolume),
            Map.entry("projected", Volume::getProjected),
            Map.entry("quobyte", Volume::getQuobyte),
            Map.entry("rbd", Volume::getRbd),
            Map.entry("scaleIO", Volume::getScaleIO),
            Map.entry("secret", Volume::getSecret),
            Map.entry("storageos", Volume::getStorageos),
            Map.entry("vsphereVolume", Volume::getVsphereVolume));
    return sources.entrySet().stream()
        .filter(e -> Objects.nonNull(e.getValue().apply(volume)))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("unknown");
  }
}
