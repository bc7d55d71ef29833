package io.fleetdeploy.appspec;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a tar stream (ustar headers, GNU long names), used to pack a bundle directory for the host
 * runner. Times are written as 0 so packing the same directory twice gives the same bytes, hence
 * the same sha256, and the host can reuse a revision it already unpacked.
 */
public final class TarArchiveWriter implements Closeable {
  private static final int BLOCK = 512;

  private final OutputStream out;

  public TarArchiveWriter(OutputStream out) {
    this.out = out;
  }

  /** Packs the contents of {@code directory} (not the directory itself) in name order. */
  public static void packDirectory(Path directory, OutputStream out) throws IOException {
    try (TarArchiveWriter tar = new TarArchiveWriter(out);
        Stream<Path> walk = Files.walk(directory)) {
      List<Path> paths = walk.filter(p -> !p.equals(directory)).sorted().toList();
      for (Path path : paths) {
        String name = directory.relativize(path).toString().replace('\\', '/');
        int mode = modeOf(path);
        if (Files.isSymbolicLink(path)) {
          tar.addSymlink(name, Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path)) {
          tar.addDirectory(name, mode);
        } else if (Files.isRegularFile(path)) {
          tar.addFile(name, mode, Files.readAllBytes(path));
        }
      }
    }
  }

  public void addFile(String name, int mode, byte[] content) throws IOException {
    addEntry(name, TarEntry.FILE, mode, content, "");
  }

  public void addDirectory(String name, int mode) throws IOException {
    addEntry(name.endsWith("/") ? name : name + "/", TarEntry.DIRECTORY, mode, new byte[0], "");
  }

  public void addSymlink(String name, String target) throws IOException {
    addEntry(name, TarEntry.SYMLINK, 0777, new byte[0], target);
  }

  /** Any member, including ones a safe extractor must refuse (devices, absolute names). */
  public void addEntry(String name, char type, int mode, byte[] content, String linkName)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
      writeHeader("././@LongLink", 'L', 0644, longName.length, "");
      writeData(longName);
      name = name.substring(0, 99);
    }
    writeHeader(name, type, mode, content.length, linkName);
    writeData(content);
  }

  @Override
  public void close() throws IOException {
    out.write(new byte[BLOCK * 2]);
    out.close();
  }

  private void writeHeader(String name, char type, int mode, long size, String linkName)
      throws IOException {
    byte[] header = new byte[BLOCK];
    put(header, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    putOctal(header, 100, 8, mode & 07777);
    putOctal(header, 108, 8, 0);
    putOctal(header, 116, 8, 0);
    putOctal(header, 124, 12, size);
    putOctal(header, 136, 12, 0);
    header[156] = (byte) type;
    put(header, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
    put(header, 257, 8, "ustar\00000".getBytes(StandardCharsets.US_ASCII));
    put(header, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
    put(header, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, 8, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
    out.write(header);
  }

  private void writeData(byte[] content) throws IOException {
    out.write(content);
    int padding = (BLOCK - content.length % BLOCK) % BLOCK;
    out.write(new byte[padding]);
  }

  private static void put(byte[] header, int offset, int length, byte[] value) {
    System.arraycopy(value, 0, header, offset, Math.min(length, value.length));
  }

  private static void putOctal(byte[] header, int offset, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    put(header, offset, length, (digits + "\0").getBytes(StandardCharsets.US_ASCII));
  }

  private static int modeOf(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return 0777;
    }
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= bit(permission);
    }
    return mode;
  }

  private static int bit(PosixFilePermission permission) {
    return switch (permission) {
      case OWNER_READ -> 0400;
      case OWNER_WRITE -> 0200;
      case OWNER_EXECUTE -> 0100;
      case GROUP_READ -> 040;
      case GROUP_WRITE -> 020;
      case GROUP_EXECUTE -> 010;
      case OTHERS_READ -> 04;
      case OTHERS_WRITE -> 02;
      case OTHERS_EXECUTE -> 01;
    };
  }
}
