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
 * AppSpec the way the agent does: the name asked for ({@code appspec.yml} unless
 * {@code codedeploy-local --appspec-filename} says otherwise), then {@code appspec.yaml}, then
 * {@code appspec.yml}, at the root; an archive that wraps the bundle in one folder has that folder
 * as its root ({@link NestedBundleRoot}).
 */
public final class BundleReader {
  /** The AppSpec name a deployment asks for. */
  public static final String DEFAULT_APPSPEC_NAME = "appspec.yml";
  /** The names the AppSpec may have, in the order they are looked for. */
  public static final List<String> APPSPEC_NAMES = lookupOrder(DEFAULT_APPSPEC_NAME);

  static final int MAX_APPSPEC_BYTES = 1 << 20;
  static final int MAX_ENTRIES = 200_000;

  private BundleReader() {}

  /**
   * The names an AppSpec is looked for under when {@code appSpecName} is asked for, in order (the
   * agent's {@code app_spec_real_path} in {@code command_executor.rb}).
   */
  public static List<String> lookupOrder(String appSpecName) {
    return Stream.of(appSpecName, "appspec.yaml", "appspec.yml").distinct().toList();
  }

  /** Reads a bundle directory or archive file. */
  public static BundleContents read(Path path) throws IOException, BundleFormatException {
    return read(path, DEFAULT_APPSPEC_NAME);
  }

  /** Reads a bundle directory or archive file whose AppSpec is {@code appSpecName}. */
  public static BundleContents read(Path path, String appSpecName) throws IOException, BundleFormatException {
    if (Files.isDirectory(path)) {
      return readDirectory(path, appSpecName);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, appSpecName);
    }
  }

  /** Reads an archive whose type is recognised from its first bytes. */
  public static BundleContents read(InputStream archive) throws IOException, BundleFormatException {
    return read(archive, DEFAULT_APPSPEC_NAME);
  }

  private static BundleContents read(InputStream archive, String appSpecName) throws IOException, BundleFormatException {
    BufferedInputStream in = new BufferedInputStream(archive, 8192);
    in.mark(1024);
    byte[] head = in.readNBytes(512);
    in.reset();
    BundleType type = BundleType.detect(head, head.length).orElseThrow(
        () -> new BundleFormatException("not a zip, tar or tgz archive"));
    return read(in, type, appSpecName);
  }

  public static BundleContents read(byte[] archive, BundleType type) throws IOException, BundleFormatException {
    return read(new ByteArrayInputStream(archive), type);
  }

  public static BundleContents read(InputStream archive, BundleType type) throws IOException, BundleFormatException {
    return read(archive, type, DEFAULT_APPSPEC_NAME);
  }

  public static BundleContents read(InputStream archive, BundleType type, String appSpecName)
      throws IOException, BundleFormatException {
    return switch (type) {
      case ZIP -> readZip(archive, appSpecName);
      case TAR -> readTar(archive, appSpecName);
      case TGZ -> readTgz(archive, appSpecName);
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

  /** A directory is its own root: codedeploy-local requires the AppSpec at its top. */
  private static BundleContents readDirectory(Path directory, String appSpecName)
      throws IOException, BundleFormatException {
    BundleListing listing = listDirectory(directory);
    List<String> present = lookupOrder(appSpecName).stream()
        .filter(name -> Files.isRegularFile(directory.resolve(name))).toList();
    if (present.isEmpty()) {
      return new BundleContents(appSpecName, Optional.empty(), listing);
    }
    String name = present.get(0);
    Path file = directory.resolve(name);
    if (Files.size(file) > MAX_APPSPEC_BYTES) {
      throw new BundleFormatException(name + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
    }
    return new BundleContents(name, Optional.of(decode(Files.readAllBytes(file), name)), listing,
        Optional.empty(), List.of(), present.subList(1, present.size()));
  }

  private static BundleContents readZip(InputStream archive, String appSpecName) throws IOException, BundleFormatException {
    Collector collector = new Collector(appSpecName);
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

  private static BundleContents readTgz(InputStream archive, String appSpecName) throws IOException, BundleFormatException {
    try {
      return readTar(new GZIPInputStream(archive, 65536), appSpecName);
    } catch (ZipException e) {
      throw new BundleFormatException("corrupt gzip data: " + e.getMessage(), e);
    }
  }

  private static BundleContents readTar(InputStream archive, String appSpecName) throws IOException, BundleFormatException {
    Collector collector = new Collector(appSpecName);
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
    private final List<String> appSpecNames;

    Collector(String appSpecName) {
      this.appSpecNames = lookupOrder(appSpecName);
    }

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
      if (isAppSpecCandidate(name.get())) {
        byte[] data = content.read();
        if (data.length > MAX_APPSPEC_BYTES) {
          throw new BundleFormatException(name.get() + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
        }
        appSpecs.put(name.get(), data);
      }
    }

    /** An AppSpec name at the top, or in a top-level folder that may turn out to be the root. */
    private boolean isAppSpecCandidate(String name) {
      int slash = name.indexOf('/');
      String base = slash < 0 ? name : name.substring(slash + 1);
      return base.indexOf('/') < 0 && appSpecNames.contains(base);
    }

    BundleContents contents() throws BundleFormatException {
      BundleListing archived = new BundleListing(files, directories);
      Optional<String> folder = NestedBundleRoot.folder(archived);
      BundleListing listing = folder.map(f -> NestedBundleRoot.inside(archived, f)).orElse(archived);
      List<String> outside = folder.map(f -> NestedBundleRoot.outside(archived, f)).orElse(List.of());
      String prefix = folder.map(f -> f + "/").orElse("");
      List<String> present = appSpecNames.stream().filter(n -> appSpecs.containsKey(prefix + n)).toList();
      if (present.isEmpty()) {
        return new BundleContents(appSpecNames.get(0), Optional.empty(), listing, folder, outside, List.of());
      }
      String name = present.get(0);
      return new BundleContents(name, Optional.of(decode(appSpecs.get(prefix + name), name)), listing, folder,
          outside, present.subList(1, present.size()));
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
