package io.fleetdeploy.appspec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated AppSpec of an EC2/on-premises bundle.
 *
 * @param fileExistsBehavior the file's own setting, which overrides the deployment's
 * @param hooks scripts per lifecycle event, only for events that take scripts
 */
public record AppSpec(
    String os,
    List<FileMapping> files,
    Optional<FileExistsBehavior> fileExistsBehavior,
    List<PermissionRule> permissions,
    Map<LifecycleEvent, List<HookScript>> hooks) {

  public List<HookScript> scriptsFor(LifecycleEvent event) {
    return hooks.getOrDefault(event, List.of());
  }
}
