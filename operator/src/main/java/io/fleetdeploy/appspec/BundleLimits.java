package io.fleetdeploy.appspec;

/**
 * What a bundle may expand to, checked before the work of expanding it: a zip's declared sizes are
 * read from its central directory without inflating anything, and a tgz is stopped as soon as what
 * it has produced passes the cap. The host runner applies the same caps while it unpacks.
 */
public final class BundleLimits {
  /** The host runner's default {@code --max-expanded-bytes}: no host unpacks more. */
  public static final long MAX_EXPANDED_BYTES = 16L << 30;

  /** Below this a bundle may expand as much as it likes: it costs about a second of CPU at most. */
  public static final long RATIO_FLOOR_BYTES = 256L << 20;

  /**
   * Past the floor, a bundle may expand to at most this many times its own size (zip bombs expand
   * 1000 times).
   */
  public static final long MAX_RATIO = 100;

  private BundleLimits() {}

  /**
   * Fails when a bundle of {@code archiveBytes} (negative: unknown) expands, or declares that it
   * expands, to {@code expandedBytes}.
   */
  static void check(long expandedBytes, long archiveBytes) throws BundleFormatException {
    if (expandedBytes > MAX_EXPANDED_BYTES) {
      throw new BundleFormatException(
          "the bundle expands to more than "
              + (MAX_EXPANDED_BYTES >> 30)
              + " GiB, more than hosts unpack");
    }
    if (archiveBytes > 0
        && expandedBytes > RATIO_FLOOR_BYTES
        && expandedBytes > MAX_RATIO * archiveBytes) {
      throw new BundleFormatException(
          "the bundle expands to more than "
              + MAX_RATIO
              + " times its size of "
              + archiveBytes
              + " bytes ("
              + (expandedBytes >> 20)
              + " MiB so far): fleetdeploy refuses that past "
              + (RATIO_FLOOR_BYTES >> 20)
              + " MiB, the shape of a zip bomb");
    }
  }
}
