package io.fleetdeploy.controller;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The wire form of the compact status tables (a Deployment's instance results, a group's
 * inventory): lines of tab-separated fields, gzip-compressed and base64-encoded, so that tens of
 * thousands of entries fit in one object under etcd's limit.
 */
final class CompressedTable {
  private CompressedTable() {}

  static String pack(CharSequence lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  /** The lines of a packed table; {@code what} names the field in the message if it is not one. */
  static String unpack(String table, String what) {
    try (GZIPInputStream gzip =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(table)))) {
      return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(what + " (gzip in base64): " + e.getMessage(), e);
    }
  }
}
