package io.fleetdeploy.appspec;

import java.util.Locale;
import java.util.Optional;

/** The archive formats a revision bundle may come in. */
public enum BundleType {
  ZIP,
  TAR,
  TGZ;

  /**
   * The lower-case name used in plans, the API and file extensions ({@code zip}, {@code tar},
   * {@code tgz}).
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<BundleType> fromWireName(String name) {
    for (BundleType type : values()) {
      if (type.wireName().equalsIgnoreCase(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * Recognises an archive by its first bytes (at least 512 for tar), since bundles in S3 are often
   * named without a telling extension.
   */
  public static Optional<BundleType> detect(byte[] head, int length) {
    if (length >= 4
        && head[0] == 'P'
        && head[1] == 'K'
        && (head[2] == 3 || head[2] == 5)
        && (head[3] == 4 || head[3] == 6)) {
      return Optional.of(ZIP);
    }
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Optional.of(TGZ);
    }
    if (length >= 512 && TarArchiveReader.isHeader(head)) {
      return Optional.of(TAR);
    }
    return Optional.empty();
  }
}
