package io.fleetdeploy.appspec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated AppSpec of an EC2/on-premises bundle.
 *
 * @param fileExistsBehavior the file's own setting, which overrides the deployment's
 * @param hooks scripts per lifecycle event, only for events that take scripts
 * @param otherHooks scripts listed under any other name (custom events, or events the deployment
 *     system performs itself), in the file's order: a deployment never runs them, {@code
 *     fleetdeploy local --events NAME} runs a custom one as {@code codedeploy-local} does
 */
public record AppSpec(
    String os,
    List<FileMapping> files,
    Optional<FileExistsBehavior> fileExistsBehavior,
    List<PermissionRule> permissions,
    Map<LifecycleEvent, List<HookScript>> hooks,
    Map<String, List<HookScript>> otherHooks) {

  public AppSpec {
    otherHooks = Collections.unmodifiableMap(new LinkedHashMap<>(otherHooks));
  }

  public List<HookScript> scriptsFor(LifecycleEvent event) {
    return hooks.getOrDefault(event, List.of());
  }

  /** Every name the AppSpec lists scripts under, lifecycle event or not. */
  public Set<String> hookNames() {
    Set<String> names = new LinkedHashSet<>();
    hooks.keySet().forEach(event -> names.add(event.name()));
    names.addAll(otherHooks.keySet());
    return names;
  }
}
