package io.fleetdeploy.appspec;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens a bundle (a directory, or a zip, tar or tgz archive recognised by its content) and finds
 * its AppSpec the way the agent does: the name asked for ({@code appspec.yml} unless {@code
 * codedeploy-local --appspec-filename} says otherwise), then {@code appspec.yaml}, then {@code
 * appspec.yml}, at the root; an archive that wraps the bundle in one folder has that folder as its
 * root ({@link NestedBundleRoot}). Whatever the bytes, it either returns the contents or throws a
 * {@link BundleFormatException} whose message says what is wrong (and an {@link IOException} only
 * when the file cannot be read).
 */
public final class BundleReader {
  /** The names the AppSpec may have, in the order they are looked for. */
  /** The AppSpec name a deployment asks for. */
  public static final String DEFAULT_APPSPEC_NAME = "appspec.yml";

  /** Where an AppSpec is looked for by default, in order. */
  public static final List<String> APPSPEC_NAMES = lookupOrder(DEFAULT_APPSPEC_NAME);

  static final int MAX_APPSPEC_BYTES = 1 << 20;
  static final int MAX_ENTRIES = 200_000;
  static final int MAX_LINK_TARGET_BYTES = 4095;

  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private BundleReader() {}

  /**
   * The names an AppSpec is looked for under when {@code appSpecName} is asked for, in order (the
   * agent's {@code app_spec_real_path} in {@code command_executor.rb}).
   */
  public static List<String> lookupOrder(String appSpecName) {
    return Stream.of(appSpecName, "appspec.yaml", "appspec.yml").distinct().toList();
  }

  /** Reads a bundle directory or archive file (its type recognised from its first bytes). */
  public static BundleContents read(Path path) throws IOException, BundleFormatException {
    return read(path, DEFAULT_APPSPEC_NAME);
  }

  /** Reads a bundle directory or archive file whose AppSpec is {@code appSpecName}. */
  public static BundleContents read(Path path, String appSpecName)
      throws IOException, BundleFormatException {
    if (Files.isDirectory(path)) {
      return readDirectory(path, appSpecName);
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(512);
    }
    BundleType type =
        BundleType.detect(head, head.length)
            .orElseThrow(() -> new BundleFormatException("not a zip, tar or tgz archive"));
    return read(path, type, appSpecName);
  }

  /** Reads an archive file of a known type. */
  public static BundleContents read(Path archive, BundleType type)
      throws IOException, BundleFormatException {
    return read(archive, type, DEFAULT_APPSPEC_NAME);
  }

  /** Reads an archive file of a known type whose AppSpec is {@code appSpecName}. */
  public static BundleContents read(Path archive, BundleType type, String appSpecName)
      throws IOException, BundleFormatException {
    if (type == BundleType.ZIP) {
      try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
        return readZip(new ZipArchiveReader(channel), appSpecName);
      }
    }
    try (InputStream in = Files.newInputStream(archive)) {
      return type == BundleType.TGZ
          ? readTgz(in, Files.size(archive), appSpecName)
          : readTar(in, appSpecName);
    }
  }

  /** Reads an archive whose type is recognised from its first bytes. */
  public static BundleContents read(InputStream archive) throws IOException, BundleFormatException {
    BufferedInputStream in = new BufferedInputStream(archive, 8192);
    in.mark(1024);
    byte[] head = in.readNBytes(512);
    in.reset();
    BundleType type =
        BundleType.detect(head, head.length)
            .orElseThrow(() -> new BundleFormatException("not a zip, tar or tgz archive"));
    return read(in, type);
  }

  public static BundleContents read(byte[] archive, BundleType type)
      throws IOException, BundleFormatException {
    return read(new ByteArrayInputStream(archive), type);
  }

  public static BundleContents read(InputStream archive, BundleType type)
      throws IOException, BundleFormatException {
    return read(archive, type, DEFAULT_APPSPEC_NAME);
  }

  public static BundleContents read(InputStream archive, BundleType type, String appSpecName)
      throws IOException, BundleFormatException {
    return switch (type) {
      // A zip is read from its central directory, at its end: it needs random access.
      case ZIP -> readSpooled(archive, appSpecName);
      case TAR -> readTar(archive, appSpecName);
      case TGZ -> readTgz(archive, -1, appSpecName);
    };
  }

  /**
   * Lists the directory an AppSpec file sits in, as the bundle it belongs to, by the bundle rules.
   */
  static BundleListing listDirectory(Path directory) throws IOException, BundleFormatException {
    Collector collector = new Collector(DEFAULT_APPSPEC_NAME);
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (path.equals(directory)) {
          continue;
        }
        String name = directory.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          collector.add(
              name, BundleRules.Kind.SYMLINK, Files.readSymbolicLink(path).toString(), NO_CONTENT);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          collector.add(name, BundleRules.Kind.DIRECTORY, "", NO_CONTENT);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          collector.add(name, BundleRules.Kind.FILE, "", NO_CONTENT);
        } else {
          throw new BundleFormatException(name + ": device and fifo entries are not allowed");
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return collector.listing();
  }

  /** A directory is its own root: codedeploy-local requires the AppSpec at its top. */
  private static BundleContents readDirectory(Path directory, String appSpecName)
      throws IOException, BundleFormatException {
    BundleListing listing = listDirectory(directory);
    List<String> present =
        lookupOrder(appSpecName).stream()
            .filter(name -> Files.isRegularFile(directory.resolve(name)))
            .toList();
    if (present.isEmpty()) {
      return new BundleContents(appSpecName, Optional.empty(), listing);
    }
    String name = present.get(0);
    Path file = directory.resolve(name);
    if (Files.size(file) > MAX_APPSPEC_BYTES) {
      throw new BundleFormatException(name + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
    }
    return new BundleContents(
        name,
        Optional.of(decode(Files.readAllBytes(file), name)),
        listing,
        Optional.empty(),
        List.of(),
        present.subList(1, present.size()));
  }

  private static BundleContents readSpooled(InputStream archive, String appSpecName)
      throws IOException, BundleFormatException {
    Path spool = Files.createTempFile("fleetdeploy-bundle-", ".zip");
    try {
      Files.copy(archive, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return read(spool, BundleType.ZIP, appSpecName);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private static BundleContents readZip(ZipArchiveReader zip, String appSpecName)
      throws IOException, BundleFormatException {
    List<ZipArchiveReader.Entry> entries = zip.entries(MAX_ENTRIES);
    if (entries.isEmpty()) {
      throw new BundleFormatException("the zip archive is empty");
    }
    // Declared sizes first: a zip bomb is refused before a byte of it is inflated.
    long declared = 0;
    for (ZipArchiveReader.Entry entry : entries) {
      declared += Math.max(0, entry.size());
      BundleLimits.check(declared, zip.archiveSize());
    }
    Collector collector = new Collector(appSpecName);
    for (ZipArchiveReader.Entry entry : entries) {
      String name = EntryNames.decode(entry.rawName());
      if (entry.encrypted()) {
        throw new BundleFormatException(name + ": encrypted zip entries are not supported");
      }
      if (entry.method() != 0 && entry.method() != 8) {
        throw new BundleFormatException(name + ": " + EntryNames.unsupportedMethod(entry.method()));
      }
      // The entry type is in the Unix mode bits, as the host runner reads it.
      int kind = entry.unixMode() & S_IFMT;
      if (kind != 0 && kind != S_IFREG && kind != S_IFDIR && kind != S_IFLNK) {
        throw new BundleFormatException(name + ": device and fifo entries are not allowed");
      }
      if (name.endsWith("/") || kind == S_IFDIR) {
        collector.add(name, BundleRules.Kind.DIRECTORY, "", NO_CONTENT);
      } else if (kind == S_IFLNK) {
        String target = EntryNames.decode(zip.content(entry, MAX_LINK_TARGET_BYTES));
        collector.add(name, BundleRules.Kind.SYMLINK, target, NO_CONTENT);
      } else {
        zip.verify(entry);
        collector.add(
            name, BundleRules.Kind.FILE, "", () -> zip.content(entry, MAX_APPSPEC_BYTES + 1));
      }
    }
    return collector.contents();
  }

  /**
   * {@code archiveBytes}: the compressed size when known (negative when not), for the expansion
   * cap.
   */
  private static BundleContents readTgz(InputStream archive, long archiveBytes, String appSpecName)
      throws IOException, BundleFormatException {
    try {
      return readTar(new ExpansionCap(new GzipReader(archive), archiveBytes), appSpecName);
    } catch (GzipReader.GzipFormatException e) {
      throw new BundleFormatException("corrupt gzip data: " + e.getMessage(), e);
    } catch (ExpansionCap.Exceeded e) {
      throw new BundleFormatException(e.getMessage(), e);
    }
  }

  /** Counts what decompression produced and stops it once past {@link BundleLimits}. */
  private static final class ExpansionCap extends java.io.FilterInputStream {
    static final class Exceeded extends IOException {
      Exceeded(String message) {
        super(message);
      }
    }

    private final long archiveBytes;
    private long produced;

    ExpansionCap(InputStream in, long archiveBytes) {
      super(in);
      this.archiveBytes = archiveBytes;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        produced += n;
        try {
          BundleLimits.check(produced, archiveBytes);
        } catch (BundleFormatException e) {
          throw new Exceeded(e.getMessage());
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return Math.max(0, read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192)));
    }
  }

  private static BundleContents readTar(InputStream archive, String appSpecName)
      throws IOException, BundleFormatException {
    Collector collector = new Collector(appSpecName);
    try (TarArchiveReader tar = new TarArchiveReader(archive)) {
      TarEntry entry;
      boolean any = false;
      while ((entry = tar.next()) != null) {
        any = true;
        if (entry.type() == TarEntry.CHARACTER_DEVICE
            || entry.type() == TarEntry.BLOCK_DEVICE
            || entry.type() == TarEntry.FIFO) {
          throw new BundleFormatException(
              entry.name() + ": device and fifo entries are not allowed");
        }
        TarArchiveReader reader = tar;
        BundleRules.Kind kind =
            entry.isDirectory()
                ? BundleRules.Kind.DIRECTORY
                : entry.type() == TarEntry.SYMLINK
                    ? BundleRules.Kind.SYMLINK
                    : entry.type() == TarEntry.HARD_LINK
                        ? BundleRules.Kind.HARD_LINK
                        : BundleRules.Kind.FILE;
        collector.add(
            entry.name(), kind, entry.linkName(), () -> reader.readContent(MAX_APPSPEC_BYTES + 1));
      }
      if (!any) {
        throw new BundleFormatException("the tar archive is empty");
      }
    }
    return collector.contents();
  }

  private static final Collector.Content NO_CONTENT = () -> new byte[0];

  /**
   * Gathers names and the AppSpec text while an archive streams by, holding every entry to the
   * bundle rules.
   */
  private static final class Collector {
    private final BundleRules rules = new BundleRules();
    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, byte[]> appSpecs = new HashMap<>();
    private final List<String> appSpecNames;

    Collector(String appSpecName) {
      this.appSpecNames = lookupOrder(appSpecName);
    }

    interface Content {
      byte[] read() throws IOException, BundleFormatException;
    }

    void add(String rawName, BundleRules.Kind kind, String link, Content content)
        throws IOException, BundleFormatException {
      if (files.size() + directories.size() >= MAX_ENTRIES) {
        throw new BundleFormatException("the bundle has more than " + MAX_ENTRIES + " entries");
      }
      String name = rules.add(rawName, kind, link);
      if (name.isEmpty()) {
        return;
      }
      if (kind == BundleRules.Kind.DIRECTORY) {
        directories.add(name);
        return;
      }
      files.add(name);
      if (kind == BundleRules.Kind.FILE && isAppSpecCandidate(name)) {
        byte[] data = content.read();
        if (data.length > MAX_APPSPEC_BYTES) {
          throw new BundleFormatException(name + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
        }
        appSpecs.put(name, data);
      }
    }

    /** An AppSpec name at the top, or in a top-level folder that may turn out to be the root. */
    private boolean isAppSpecCandidate(String name) {
      int slash = name.indexOf('/');
      String base = slash < 0 ? name : name.substring(slash + 1);
      return base.indexOf('/') < 0 && appSpecNames.contains(base);
    }

    BundleListing listing() throws BundleFormatException {
      rules.finish();
      return new BundleListing(files, directories, rules.symlinks());
    }

    BundleContents contents() throws BundleFormatException {
      BundleListing archived = listing();
      Optional<String> folder = NestedBundleRoot.folder(archived);
      BundleListing listing =
          folder.map(f -> NestedBundleRoot.inside(archived, f)).orElse(archived);
      List<String> outside =
          folder.map(f -> NestedBundleRoot.outside(archived, f)).orElse(List.of());
      String prefix = folder.map(f -> f + "/").orElse("");
      List<String> present =
          appSpecNames.stream().filter(n -> appSpecs.containsKey(prefix + n)).toList();
      if (present.isEmpty()) {
        return new BundleContents(
            appSpecNames.get(0), Optional.empty(), listing, folder, outside, List.of());
      }
      String name = present.get(0);
      return new BundleContents(
          name,
          Optional.of(decode(appSpecs.get(prefix + name), name)),
          listing,
          folder,
          outside,
          present.subList(1, present.size()));
    }
  }

  private static String decode(byte[] data, String name) throws BundleFormatException {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(data))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new BundleFormatException(name + " is not UTF-8 text", e);
    }
  }
}
