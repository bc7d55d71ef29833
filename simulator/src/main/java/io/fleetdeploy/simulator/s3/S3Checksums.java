package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.http.ApiException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * S3's flexible checksums ({@code x-amz-checksum-crc32|crc32c|sha1|sha256}, as headers or
 * aws-chunked trailers): verified on upload, kept, and returned on download when asked for.
 * CRC64NVME values are kept and returned but not verified.
 */
final class S3Checksums {
  static final String[] ALGORITHMS = {"crc32", "crc32c", "sha1", "sha256", "crc64nvme"};

  private S3Checksums() {}

  /** Collects checksum values from headers and trailers, checks them against the payload. */
  static Map<String, String> verify(byte[] payload, Map<String, String> sent) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String algorithm : ALGORITHMS) {
      String value = sent.get("x-amz-checksum-" + algorithm);
      if (value == null) {
        continue;
      }
      String actual = compute(algorithm, payload);
      if (actual != null && !actual.equals(value)) {
        throw new ApiException(
            "BadDigest",
            "The "
                + algorithm.toUpperCase(Locale.ROOT)
                + " you specified did not match the calculated checksum.",
            400);
      }
      out.put(algorithm, value);
    }
    return out;
  }

  static String compute(String algorithm, byte[] data) {
    return switch (algorithm) {
      case "crc32" -> {
        CRC32 crc = new CRC32();
        crc.update(data);
        yield base64Int(crc.getValue());
      }
      case "crc32c" -> {
        CRC32C crc = new CRC32C();
        crc.update(data);
        yield base64Int(crc.getValue());
      }
      case "sha1" -> base64Digest("SHA-1", data);
      case "sha256" -> base64Digest("SHA-256", data);
      default -> null;
    };
  }

  private static String base64Int(long value) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) value).array());
  }

  private static String base64Digest(String algorithm, byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }
}
