package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the lifecycle hooks a group owns: {@code fleetdeploy-<namespace>-<group>-<uid8>}
 * (launch) and {@code ...-terminate}, where {@code uid8} is the start of a digest of the group's
 * uid. Namespace and name alone collide ({@code hn-a}/{@code web} and {@code hn}/{@code a-web} both
 * read {@code hn-a-web}); the uid does not. Any hook whose name starts with {@value #PREFIX}
 * belongs to some fleetdeploy group, which is how a second claim on one Auto Scaling group is
 * recognised. Groups made by earlier versions have hooks of the {@link #legacy} name, which the
 * group renames when no instance waits in them.
 */
final class HookNames {
  static final String PREFIX = "fleetdeploy-";
  private static final int MAX = 255;

  private HookNames() {}

  static String of(DeploymentGroup group, Transition transition) {
    String base = PREFIX + group.getMetadata().getNamespace() + "-" + group.getMetadata().getName();
    String unique = "-" + digest(group.getMetadata().getUid());
    String suffix = transition == Transition.TERMINATING ? "-terminate" : "";
    if (base.length() + unique.length() + suffix.length() > MAX) {
      base = base.substring(0, MAX - unique.length() - suffix.length());
    }
    return base + unique + suffix;
  }

  /** The name versions before 0.2 gave the hook: without the uid, so not unique. */
  static String legacy(DeploymentGroup group, Transition transition) {
    String base = PREFIX + group.getMetadata().getNamespace() + "-" + group.getMetadata().getName();
    String suffix = transition == Transition.TERMINATING ? "-terminate" : "";
    if (base.length() + suffix.length() > MAX) {
      base = base.substring(0, MAX - suffix.length() - 9) + "-" + digest(base);
    }
    return base + suffix;
  }

  static boolean isFleetdeploy(String hookName) {
    return hookName.startsWith(PREFIX);
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8)))
          .substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
