package io.fleetdeploy.appspec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test bundles: copies a bundle directory from {@code src/test/resources/bundles} into a temporary
 * directory and packs it as zip, tar or tgz at test time (no binary archives in the repository).
 */
public final class TestBundles {
  private TestBundles() {}

  /** Copies bundle {@code name} into {@code parent}; scripts ({@code *.sh}) get mode 755. */
  public static synchronized Path copy(String name, Path parent) {
    URL url = TestBundles.class.getResource("/bundles/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test bundle " + name);
    }
    try {
      URI uri = url.toURI();
      if (!uri.getScheme().equals("jar")) {
        return copyTree(Path.of(uri), parent.resolve(name));
      }
      // Other modules' tests (devtools) read the bundles from the operator's test-jar.
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return copyTree(jar.provider().getPath(uri), parent.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : walk.sorted().toList()) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy);
          String mode = path.toString().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--";
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(mode));
        }
      }
    }
    return target;
  }

  /** Packs the contents of {@code directory} as {@code archive} of the given type. */
  public static Path pack(Path directory, BundleType type, Path archive) {
    try (OutputStream out = Files.newOutputStream(archive)) {
      switch (type) {
        case TAR -> TarArchiveWriter.packDirectory(directory, out);
        case TGZ -> TarArchiveWriter.packDirectory(directory, new GZIPOutputStream(out));
        case ZIP -> zip(directory, out);
      }
      return archive;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void zip(Path directory, OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> walk = Files.walk(directory)) {
      List<Path> paths = walk.filter(p -> !p.equals(directory)).sorted().toList();
      for (Path path : paths) {
        String name = directory.relativize(path).toString();
        if (Files.isDirectory(path)) {
          zip.putNextEntry(new ZipEntry(name + "/"));
        } else {
          zip.putNextEntry(new ZipEntry(name));
          zip.write(Files.readAllBytes(path));
        }
        zip.closeEntry();
      }
    }
  }
}
