package io.fleetdeploy.bench;

import io.fleetdeploy.appspec.TarArchiveWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * The benchmark's revision: one small file installed, and the five scriptable in-place hooks
 * (ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService) each sleeping
 * {@code hookMs} milliseconds; with 0 there are no hooks at all, so what remains is the cost of
 * fleetdeploy itself.
 */
final class BenchBundle {
  static final List<String> HOOKS =
      List.of(
          "ApplicationStop",
          "BeforeInstall",
          "AfterInstall",
          "ApplicationStart",
          "ValidateService");

  private BenchBundle() {}

  /** A tgz whose content (and so digest) differs per {@code revision}. */
  static byte[] tgz(int hookMs, String revision, Path workDir) {
    try {
      Path dir = Files.createDirectories(workDir.resolve("bundle-" + revision));
      Files.createDirectories(dir.resolve("app"));
      Files.writeString(dir.resolve("app/REVISION"), revision + "\n");
      StringBuilder appspec =
          new StringBuilder(
              """
          version: 0.0
          os: linux
          files:
            - source: app
              destination: /opt/bench
          """);
      if (hookMs > 0) {
        Path script = Files.createDirectories(dir.resolve("scripts")).resolve("sleep.sh");
        Files.writeString(
            script,
            "#!/bin/sh\nsleep " + String.format(Locale.ROOT, "%.3f", hookMs / 1000.0) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        appspec.append("hooks:\n");
        for (String hook : HOOKS) {
          appspec
              .append("  ")
              .append(hook)
              .append(":\n    - location: scripts/sleep.sh\n      timeout: 300\n");
        }
      }
      Files.writeString(dir.resolve("appspec.yml"), appspec.toString());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
        TarArchiveWriter.packDirectory(dir, gzip);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
