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
 * Opens a bundle (a directory, or a zip, tar or tgz archive recognised by its content) and finds its
 * AppSpec the way the agent does: {@code appspec.yaml} first, then {@code appspec.yml}, at the root.
 * Whatever the bytes, it either returns the contents or throws a {@link BundleFormatException}
 * whose message says what is wrong (and an {@link IOException} only when the file cannot be read).
 */
public final class BundleReader {
  /** The names the AppSpec may have, in the order they are looked for. */
  public static final List<String> APPSPEC_NAMES = List.of("appspec.yaml", "appspec.yml");

  static final int MAX_APPSPEC_BYTES = 1 << 20;
  static final int MAX_ENTRIES = 200_000;
  static final int MAX_LINK_TARGET_BYTES = 4095;

  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private BundleReader() {}

  /** Reads a bundle directory or archive file (its type recognised from its first bytes). */
  public static BundleContents read(Path path) throws IOException, BundleFormatException {
    if (Files.isDirectory(path)) {
      return readDirectory(path);
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(512);
    }
    BundleType type = BundleType.detect(head, head.length).orElseThrow(
        () -> new BundleFormatException("not a zip, tar or tgz archive"));
    return read(path, type);
  }

  /** Reads an archive file of a known type. */
  public static BundleContents read(Path archive, BundleType type) throws IOException, BundleFormatException {
    if (type == BundleType.ZIP) {
      try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
        return readZip(new ZipArchiveReader(channel));
      }
    }
    try (InputStream in = Files.newInputStream(archive)) {
      return type == BundleType.TGZ ? readTgz(in, Files.size(archive)) : readTar(in);
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
      // A zip is read from its central directory, at its end: it needs random access.
      case ZIP -> readSpooled(archive);
      case TAR -> readTar(archive);
      case TGZ -> readTgz(archive, -1);
    };
  }

  /** Lists the directory an AppSpec file sits in, as the bundle it belongs to, by the bundle rules. */
  static BundleListing listDirectory(Path directory) throws IOException, BundleFormatException {
    Collector collector = new Collector();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (path.equals(directory)) {
          continue;
        }
        String name = directory.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          collector.add(name, BundleRules.Kind.SYMLINK, Files.readSymbolicLink(path).toString(), NO_CONTENT);
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

  private static BundleContents readSpooled(InputStream archive) throws IOException, BundleFormatException {
    Path spool = Files.createTempFile("fleetdeploy-bundle-", ".zip");
    try {
      Files.copy(archive, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return read(spool, BundleType.ZIP);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private static BundleContents readZip(ZipArchiveReader zip) throws IOException, BundleFormatException {
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
    Collector collector = new Collector();
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
        collector.add(name, BundleRules.Kind.FILE, "", () -> zip.content(entry, MAX_APPSPEC_BYTES + 1));
      }
    }
    return collector.contents();
  }

  /** {@code archiveBytes}: the compressed size when known (negative when not), for the expansion cap. */
  private static BundleContents readTgz(InputStream archive, long archiveBytes) throws IOException, BundleFormatException {
    try {
      return readTar(new ExpansionCap(new GzipReader(archive), archiveBytes));
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

  private static BundleContents readTar(InputStream archive) throws IOException, BundleFormatException {
    Collector collector = new Collector();
    try (TarArchiveReader tar = new TarArchiveReader(archive)) {
      TarEntry entry;
      boolean any = false;
      while ((entry = tar.next()) != null) {
        any = true;
        if (entry.type() == TarEntry.CHARACTER_DEVICE || entry.type() == TarEntry.BLOCK_DEVICE
            || entry.type() == TarEntry.FIFO) {
          throw new BundleFormatException(entry.name() + ": device and fifo entries are not allowed");
        }
        TarArchiveReader reader = tar;
        BundleRules.Kind kind = entry.isDirectory() ? BundleRules.Kind.DIRECTORY
            : entry.type() == TarEntry.SYMLINK ? BundleRules.Kind.SYMLINK
            : entry.type() == TarEntry.HARD_LINK ? BundleRules.Kind.HARD_LINK : BundleRules.Kind.FILE;
        collector.add(entry.name(), kind, entry.linkName(), () -> reader.readContent(MAX_APPSPEC_BYTES + 1));
      }
      if (!any) {
        throw new BundleFormatException("the tar archive is empty");
      }
    }
    return collector.contents();
  }

  private static final Collector.Content NO_CONTENT = () -> new byte[0];

  /** Gathers names and the AppSpec text while an archive streams by, holding every entry to the bundle rules. */
  private static final class Collector {
    private final BundleRules rules = new BundleRules();
    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, byte[]> appSpecs = new HashMap<>();

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
      if (kind == BundleRules.Kind.FILE && APPSPEC_NAMES.contains(name)) {
        byte[] data = content.read();
        if (data.length > MAX_APPSPEC_BYTES) {
          throw new BundleFormatException(name + " is larger than " + MAX_APPSPEC_BYTES + " bytes");
        }
        appSpecs.put(name, data);
      }
    }

    BundleListing listing() throws BundleFormatException {
      rules.finish();
      return new BundleListing(files, directories, rules.symlinks());
    }

    BundleContents contents() throws BundleFormatException {
      BundleListing listing = listing();
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
