package io.fleetdeploy.demo;

import io.fleetdeploy.appspec.TarArchiveWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bundles of a directory, as the demo uploads them: every file as it is, under its file name,
 * and every subdirectory (an unpacked bundle, such as {@code samples/bundles/demo-web-v1}) packed
 * as {@code <name>.tgz} and {@code <name>.zip}, so the repository holds no binary archives. Packing
 * is deterministic (no times), so the same directory always gives the same sha256.
 */
public final class BundleDirectory {
  private BundleDirectory() {}

  /** The bundles of {@code dir}, in name order; fails with a message naming the directory. */
  public static List<Bundle> read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("bundle directory " + dir + " does not exist or is not a directory");
    }
    List<Bundle> bundles = new ArrayList<>();
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (Files.isDirectory(entry)) {
        bundles.add(new Bundle(name + ".tgz", tgz(entry)));
        bundles.add(new Bundle(name + ".zip", zip(entry)));
      } else if (Files.isRegularFile(entry)) {
        bundles.add(new Bundle(name, Files.readAllBytes(entry)));
      }
    }
    return bundles;
  }

  static byte[] tgz(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarArchiveWriter.packDirectory(dir, new GZIPOutputStream(bytes));
    return bytes.toByteArray();
  }

  static byte[] zip(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.filter(p -> !p.equals(dir)).sorted().toList()) {
        String name = dir.relativize(path).toString().replace('\\', '/');
        ZipEntry entry = new ZipEntry(Files.isDirectory(path) ? name + "/" : name);
        entry.setTime(0);
        zip.putNextEntry(entry);
        if (Files.isRegularFile(path)) {
          Files.copy(path, zip);
        }
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
