package io.fleetdeploy.appspec;

import java.util.List;
import java.util.Optional;

/**
 * What the AppSpec check needs from a bundle.
 *
 * @param appSpecName the AppSpec's name inside the bundle root (e.g. {@code appspec.yml})
 * @param appSpecText empty when the bundle has no AppSpec at its root
 * @param listing the files and directories, relative to the bundle root
 * @param folder the folder of the archive that is the bundle root, when the archive wraps the
 *     bundle in one ({@link NestedBundleRoot})
 * @param outside the top-level names of the archive outside {@code folder}, which are not deployed
 * @param ignoredAppSpecs other AppSpec names present at the root, which are not read
 */
public record BundleContents(
    String appSpecName,
    Optional<String> appSpecText,
    BundleListing listing,
    Optional<String> folder,
    List<String> outside,
    List<String> ignoredAppSpecs) {

  public BundleContents {
    outside = List.copyOf(outside);
    ignoredAppSpecs = List.copyOf(ignoredAppSpecs);
  }

  public BundleContents(String appSpecName, Optional<String> appSpecText, BundleListing listing) {
    this(appSpecName, appSpecText, listing, Optional.empty(), List.of(), List.of());
  }

  /** The AppSpec's path inside the archive or directory, e.g. {@code myapp/appspec.yml}. */
  public String appSpecPath() {
    return folder.map(f -> f + "/").orElse("") + appSpecName;
  }
}
