package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.appspec.FileMapping;
import io.fleetdeploy.appspec.PermissionRule;
import java.util.List;

/** What the Install event does: copy the files, then apply the permissions. */
public record InstallStep(
    List<FileMapping> files,
    List<PermissionRule> permissions,
    FileExistsBehavior fileExistsBehavior) {}
