package io.fleetdeploy.appspec;

import java.util.Random;

/**
 * Seeded damage to archives, for the fuzz tests of the operator's readers and of the host runner.
 */
public final class ArchiveDamage {
  private ArchiveDamage() {}

  /** The damage done to a copy of an archive for one seed. */
  public static byte[] corrupt(byte[] original, Random random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(6)) {
      case 0 -> {
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> {
        // Header-like fields take extreme values: 0xff starts base-256, '-' a negative number.
        byte[] extremes = {(byte) 0xff, (byte) 0x80, 0, '-', '9', ' ', (byte) 0xe9};
        int at = random.nextInt(bytes.length);
        for (int i = 0; i < 1 + random.nextInt(12) && at + i < bytes.length; i++) {
          bytes[at + i] = extremes[random.nextInt(extremes.length)];
        }
      }
      case 2 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 3 -> {
        int from = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - from, 1 + random.nextInt(600));
        byte[] grown = java.util.Arrays.copyOf(bytes, bytes.length + length);
        System.arraycopy(bytes, from, grown, from + length, bytes.length - from);
        bytes = grown;
      }
      case 4 -> {
        int at = random.nextInt(bytes.length);
        for (int i = at; i < Math.min(bytes.length, at + 512); i++) {
          bytes[i] = 0;
        }
      }
      default -> {
        // Damage near the end: zip's central directory and end record live there.
        int tail = Math.min(bytes.length, 300);
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          bytes[bytes.length - 1 - random.nextInt(tail)] = (byte) random.nextInt(256);
        }
      }
    }
    return bytes;
  }
}
