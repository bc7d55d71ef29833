package io.fleetdeploy.appspec;

import java.util.Optional;

/**
 * What the AppSpec check needs from a bundle.
 *
 * @param appSpecName the AppSpec's name inside the bundle ({@code appspec.yaml} or {@code appspec.yml})
 * @param appSpecText empty when the bundle has no AppSpec at its root
 */
public record BundleContents(String appSpecName, Optional<String> appSpecText, BundleListing listing) {}
