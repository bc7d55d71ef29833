package io.fleetdeploy.appspec;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Opens a bundle (a directory, or a zip, tar or tgz archive recognised by its content) and finds its
 * AppSpec the way the agent does: {@code appspec.yaml} first, then {@code appspec.yml}, at the root.
 */
public final class BundleReader {
  /** The names the AppSpec may have, in the order they are looked for. */
  public static final List<String> APPSPEC_NAMES = List.of("appspec.yaml", "appspec.yml");

  static final int MAX_APPSPEC_BYTES = 1 << 20;
  static final int MAX_ENTRIES = 200_000;

  private BundleReader() {}

  /** Reads a bundle directory or archive file. */
  public static BundleContents read(Path path) throws IOException, BundleFormatException {
    if (Files.isDirectory(path)) {
      return readDirectory(path);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in);
    }
  }

  /** Reads an archive whose type is recognised from its first bytes. */
  public static BundleContents read(InputStream archive) throws IOException, BundleFormatException {
    BufferedInputStream in = new BufferedInputStream(archive, 8192);
    in.mark(1024);
    byte[] head = in.readNBytes(512);
    in.reset();
    BundleType type = BundleType.detect(head, head.length).orElseThrow(
        () -> new BundleFormatException("not a zip, tar or tgz archive"));
    return read(in, type);
  }

  public static BundleContents read(byte[] archive, BundleType type) throws IOException, BundleFormatException {
    return read(new ByteArrayInputStream(archive), type);
  }

  public static BundleContents read(InputStream archive, BundleType type) throws IOException, BundleFormatException {
    return switch (type) {
      case ZIP -> readZip(archive);
      case TAR -> readTar(archive);
      case TGZ -> readTgz(archive);
    };
  }

  /** Lists the directory an AppSpec file sits in, as the bundle it belongs to. */
  static BundleListing listDirectory(Path directory) throws IOException, BundleFormatException {
    Set<String> files = new HashSet<>();
    Set<String> directories = new HashSet<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (files.size() + directories.size() > MAX_ENTRIES) {
          throw new BundleFormatException("the bundle has more than " + MAX_ENTRIES + " entries");
        }
        String name = directory.relativize(path).toString().replace('\\', '/');
        if (Files.isDirectory(path)) {
          directories.add(name);
        } else {
          files.add(name);
        }
      }
    }
    return new BundleListing(files, directories);
  }

  private static BundleContents readDirectory(Path directory) throws IOException, BundleFormatException {
    BundleListing listing = listDirectory(directory);
    for (String name : APPSPEC_NAMES) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file)) {
        if (Files.size(file) > MAX_APPSPEC_BYTES) {
          throw new BundleFormatException(name + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
        }
        return new BundleContents(name, Optional.of(decode(Files.readAllBytes(file), name)), listing);
      }
    }
    return new BundleContents(APPSPEC_NAMES.get(1), Optional.empty(), listing);
  }

  private static BundleContents readZip(InputStream archive) throws IOException, BundleFormatException {
    Collector collector = new Collector();
    try (ZipInputStream zip = new ZipInputStream(archive)) {
      ZipEntry entry;
      boolean any = false;
      while ((entry = zip.getNextEntry()) != null) {
        any = true;
        collector.add(entry.getName(), entry.isDirectory(), () -> zip.readNBytes(MAX_APPSPEC_BYTES + 1));
      }
      if (!any) {
        throw new BundleFormatException("the zip archive is empty or corrupt");
      }
    } catch (ZipException e) {
      throw new BundleFormatException("corrupt zip archive: " + e.getMessage(), e);
    }
    return collector.contents();
  }

  private static BundleContents readTgz(InputStream archive) throws IOException, BundleFormatException {
    try {
      return readTar(new GZIPInputStream(archive, 65536));
    } catch (ZipException e) {
      throw new BundleFormatException("corrupt gzip data: " + e.getMessage(), e);
    }
  }

  private static BundleContents readTar(InputStream archive) throws IOException, BundleFormatException {
    Collector collector = new Collector();
    try (TarArchiveReader tar = new TarArchiveReader(archive)) {
      TarEntry entry;
      while ((entry = tar.next()) != null) {
        if (entry.isFile() || entry.isDirectory() || entry.type() == TarEntry.SYMLINK
            || entry.type() == TarEntry.HARD_LINK) {
          collector.add(entry.name(), entry.isDirectory(), () -> tar.readContent(MAX_APPSPEC_BYTES + 1));
        }
      }
    } catch (java.io.EOFException e) {
      throw new BundleFormatException("the tar archive is truncated", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("corrupt")) {
        throw new BundleFormatException(e.getMessage(), e);
      }
      throw e;
    }
    return collector.contents();
  }

  /** Gathers names and the AppSpec text while an archive streams by. */
  private static final class Collector {
    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, byte[]> appSpecs = new HashMap<>();

    interface Content {
      byte[] read() throws IOException;
    }

    void add(String rawName, boolean directory, Content content) throws IOException, BundleFormatException {
      if (files.size() + directories.size() >= MAX_ENTRIES) {
        throw new BundleFormatException("the bundle has more than " + MAX_ENTRIES + " entries");
      }
      // Names that escape are the host runner's to refuse; here they simply are not bundle files.
      Optional<String> name = BundlePaths.normalize(rawName);
      if (name.isEmpty() || name.get().isEmpty() || rawName.startsWith("/")) {
        return;
      }
      if (directory) {
        directories.add(name.get());
        return;
      }
      files.add(name.get());
      if (APPSPEC_NAMES.contains(name.get())) {
        byte[] data = content.read();
        if (data.length > MAX_APPSPEC_BYTES) {
          throw new BundleFormatException(name.get() + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
        }
        appSpecs.put(name.get(), data);
      }
    }

    BundleContents contents() throws BundleFormatException {
      BundleListing listing = new BundleListing(files, directories);
      for (String name : APPSPEC_NAMES) {
        if (appSpecs.containsKey(name)) {
          return new BundleContents(name, Optional.of(decode(appSpecs.get(name), name)), listing);
        }
      }
      return new BundleContents(APPSPEC_NAMES.get(1), Optional.empty(), listing);
    }
  }

  private static String decode(byte[] data, String name) throws BundleFormatException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(data)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new BundleFormatException(name + " is not UTF-8 text", e);
    }
  }
}
