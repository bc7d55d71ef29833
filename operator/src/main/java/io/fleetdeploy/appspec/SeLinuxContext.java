package io.fleetdeploy.appspec;

import java.util.Optional;

/** The SELinux context a permissions rule sets ({@code type} is required, the rest optional). */
public record SeLinuxContext(Optional<String> user, String type, Optional<String> range) {}
