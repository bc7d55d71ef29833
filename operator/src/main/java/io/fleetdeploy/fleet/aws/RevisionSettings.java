package io.fleetdeploy.fleet.aws;

/**
 * What revisions the operator reads.
 *
 * @param maxBundleBytes bundles beyond this are refused (the operator reads the whole bundle once,
 *     into {@code /tmp}: the chart sizes that volume from the same value)
 */
public record RevisionSettings(long maxBundleBytes) {
  public static final long DEFAULT_MAX_BUNDLE_MIB = 2048;

  public static RevisionSettings defaults() {
    return new RevisionSettings(DEFAULT_MAX_BUNDLE_MIB << 20);
  }
}
