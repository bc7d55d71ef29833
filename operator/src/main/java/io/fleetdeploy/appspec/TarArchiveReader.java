package io.fleetdeploy.appspec;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the members of a ustar/GNU/pax tar stream, enough to list a bundle and read its AppSpec
 * (the JDK has no tar support and the operator needs no full archive library for this). It reads
 * headers the way Python's {@code tarfile} (the host runner) does, so that both sides see the same
 * names, and refuses what the runner refuses: negative or non-numeric sizes, names that are not
 * UTF-8, sparse members, unknown member types, and anything but zeros after the end of the archive.
 */
public final class TarArchiveReader implements Closeable {
  private static final int BLOCK = 512;
  private static final int MAX_META_BYTES = 1 << 20;

  /** Python's tarfile GNU types, whose headers carry no ustar prefix. */
  private static final String GNU_TYPES = "LKS";

  private static final java.util.Set<String> IDENTITY_KEYS =
      java.util.Set.of("path", "linkpath", "size");

  private final InputStream in;
  private final byte[] skipBuffer = new byte[64 * 1024];
  private long remaining;
  private long padding;
  private String lastName = "(start of archive)";

  public TarArchiveReader(InputStream in) {
    this.in = in;
  }

  /** True when the block is a tar header with a valid checksum. */
  static boolean isHeader(byte[] block) {
    if (block.length < BLOCK) {
      return false;
    }
    long stored;
    try {
      stored = parseNumber(block, 148, 8, "checksum");
    } catch (BundleFormatException e) {
      return false;
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      boolean checksumField = i >= 148 && i < 156;
      unsigned += checksumField ? ' ' : (block[i] & 0xff);
      signed += checksumField ? ' ' : block[i];
    }
    // Python's tarfile accepts the signed sum some old tars wrote, so the operator does too.
    return (stored == unsigned || stored == signed) && unsigned != 8L * ' ';
  }

  /** The next member, or null at the end of the archive. */
  public TarEntry next() throws IOException, BundleFormatException {
    skipFully(remaining);
    skipFully(padding);
    remaining = 0;
    padding = 0;
    byte[] longName = null;
    byte[] longLink = null;
    Map<String, String> pax = new HashMap<>();
    while (true) {
      byte[] header = readBlock();
      if (header.length == 0 || isZero(header)) {
        if (longName != null || longLink != null || !pax.isEmpty()) {
          throw corrupt("the archive ends after an extended header, without its member");
        }
        requireOnlyZerosAfterTheEnd(header.length);
        return null;
      }
      if (header.length < BLOCK || !isHeader(header)) {
        throw corrupt("corrupt tar header after " + lastName);
      }
      char type = (char) (header[156] & 0xff);
      long size = parseNumber(header, 124, 12, "size");
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        if (size > MAX_META_BYTES) {
          throw corrupt(
              "a tar metadata record after "
                  + lastName
                  + " is larger than "
                  + MAX_META_BYTES
                  + " bytes");
        }
        byte[] data = readData((int) size);
        if (type == 'L') {
          longName = cBytes(data, 0, data.length);
        } else if (type == 'K') {
          longLink = cBytes(data, 0, data.length);
        } else if (type == 'x') {
          pax.putAll(parsePax(data));
        } else if (parsePax(data).keySet().stream().anyMatch(IDENTITY_KEYS::contains)) {
          // Tar readers disagree on which members a global record renames or resizes (Python's
          // tarfile: only the next one): refused, so the operator and the hosts see one bundle.
          throw new BundleFormatException(
              "a global pax header after "
                  + lastName
                  + " sets path, linkpath or size, which fleetdeploy does not support");
        }
        continue;
      }
      byte[] rawName = cBytes(header, 0, 100);
      if (GNU_TYPES.indexOf(type) < 0
          && Arrays.equals(
              Arrays.copyOfRange(header, 257, 265),
              "ustar\u000000".getBytes(StandardCharsets.US_ASCII))) {
        byte[] prefix = cBytes(header, 345, 155);
        if (prefix.length > 0) {
          rawName = concat(prefix, rawName);
        }
      }
      String name =
          pax.containsKey("path")
              ? pax.get("path")
              : EntryNames.decode(longName == null ? rawName : longName);
      String link =
          pax.containsKey("linkpath")
              ? pax.get("linkpath")
              : EntryNames.decode(longLink == null ? cBytes(header, 157, 100) : longLink);
      if (pax.containsKey("size")) {
        size = paxSize(name, pax.get("size"));
      }
      if (size < 0) {
        throw new BundleFormatException(name + ": the tar header gives a negative size");
      }
      if (type == 'S' || pax.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."))) {
        throw new BundleFormatException(name + ": sparse files are not supported in bundles");
      }
      if (type == '\0' && name.endsWith("/")) {
        type = TarEntry.DIRECTORY;
      }
      if ("0\u000012534567".indexOf(type) < 0) {
        throw new BundleFormatException(
            name
                + ": tar member type '"
                + printable(type)
                + "' is not supported (files, directories and links only)");
      }
      int mode = (int) (parseNumber(header, 100, 8, "mode") & 07777);
      // Links and directories carry no data, whatever their size field says (as in Python's
      // tarfile).
      long data =
          type == TarEntry.SYMLINK
                  || type == TarEntry.HARD_LINK
                  || type == TarEntry.DIRECTORY
                  || type == TarEntry.CHARACTER_DEVICE
                  || type == TarEntry.BLOCK_DEVICE
                  || type == TarEntry.FIFO
              ? 0
              : size;
      remaining = data;
      padding = (BLOCK - (data % BLOCK)) % BLOCK;
      lastName = name;
      return new TarEntry(name, type, size, mode, link);
    }
  }

  /** Reads the current member's content, failing when it is larger than {@code max} bytes. */
  public byte[] readContent(int max) throws IOException, BundleFormatException {
    if (remaining > max) {
      throw new BundleFormatException(lastName + ": larger than " + max + " bytes");
    }
    byte[] data = in.readNBytes((int) remaining);
    if (data.length < remaining) {
      throw corrupt("the tar archive is truncated in " + lastName);
    }
    remaining = 0;
    return data;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private byte[] readBlock() throws IOException {
    byte[] block = in.readNBytes(BLOCK);
    return block;
  }

  private byte[] readData(int size) throws IOException, BundleFormatException {
    byte[] data = in.readNBytes(size);
    if (data.length < size) {
      throw corrupt("the tar archive is truncated after " + lastName);
    }
    skipFully((BLOCK - (size % BLOCK)) % BLOCK);
    return data;
  }

  /**
   * Reads past member data: skip() would let a file stream seek past its end and hide a truncation.
   */
  private void skipFully(long count) throws IOException, BundleFormatException {
    long left = count;
    while (left > 0) {
      int n = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, left));
      if (n < 0) {
        throw corrupt("the tar archive is truncated in " + lastName);
      }
      left -= n;
    }
  }

  /**
   * After the end-of-archive block only zeros may follow: the host runner refuses anything else (a
   * second archive hidden after the first, or a damaged header its tarfile would take for the end).
   */
  private void requireOnlyZerosAfterTheEnd(int lastBlockLength)
      throws IOException, BundleFormatException {
    if (lastBlockLength == 0) {
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] != 0) {
          throw corrupt("the tar archive has data after its end (after " + lastName + ")");
        }
      }
    }
  }

  private static long paxSize(String name, String value) throws BundleFormatException {
    if (!value.matches("[0-9]{1,18}")) {
      throw new BundleFormatException(
          name
              + ": the pax header's size '"
              + EntryNames.clip(value)
              + "' is not a"
              + " non-negative number");
    }
    return Long.parseLong(value);
  }

  /** Records of a pax header ({@code "<length> <key>=<value>\n"}), values decoded as UTF-8. */
  private Map<String, String> parsePax(byte[] data) throws BundleFormatException {
    Map<String, String> records = new HashMap<>();
    int at = 0;
    while (at < data.length && data[at] != 0) {
      int space = at;
      while (space < data.length && space - at < 10 && data[space] >= '0' && data[space] <= '9') {
        space++;
      }
      if (space == at || space >= data.length || data[space] != ' ') {
        throw corrupt("corrupt pax header after " + lastName);
      }
      int length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
      int end = at + length;
      if (length <= 0 || end > data.length || end - 1 <= space || data[end - 1] != '\n') {
        throw corrupt("corrupt pax header after " + lastName);
      }
      int equals = space + 1;
      while (equals < end - 1 && data[equals] != '=') {
        equals++;
      }
      if (equals == space + 1 || equals >= end - 1) {
        throw corrupt("corrupt pax header after " + lastName);
      }
      String key = new String(data, space + 1, equals - space - 1, StandardCharsets.US_ASCII);
      byte[] value = Arrays.copyOfRange(data, equals + 1, end - 1);
      records.put(key, EntryNames.decode(value));
      at = end;
    }
    return records;
  }

  private static long parseNumber(byte[] header, int offset, int length, String field)
      throws BundleFormatException {
    int first = header[offset] & 0xff;
    if (first == 0x80 || first == 0xff) {
      // GNU base-256 (sizes past 8 GiB); 0xff marks a negative number. Like Python's tarfile, the
      // first byte carries only the sign.
      if (first == 0xff) {
        return -1;
      }
      long value = 0;
      for (int i = offset + 1; i < offset + length; i++) {
        if ((value >>> 55) != 0) {
          throw new BundleFormatException(
              "corrupt tar header: the " + field + " field is too large");
        }
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    byte[] raw = cBytes(header, offset, length);
    String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
    if (text.isEmpty()) {
      return 0;
    }
    if (!text.matches("[+-]?[0-7]{1,21}")) {
      throw new BundleFormatException(
          "corrupt tar header: the " + field + " field is not an octal number");
    }
    return Long.parseLong(text, 8);
  }

  private BundleFormatException corrupt(String message) {
    return new BundleFormatException(message);
  }

  private static byte[] cBytes(byte[] data, int offset, int length) {
    int end = offset;
    while (end < offset + length && end < data.length && data[end] != 0) {
      end++;
    }
    return Arrays.copyOfRange(data, offset, end);
  }

  private static byte[] concat(byte[] prefix, byte[] name) {
    byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
    joined[prefix.length] = '/';
    System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
    return joined;
  }

  private static String printable(char type) {
    return type >= 0x20 && type < 0x7f
        ? String.valueOf(type)
        : String.format("\\x%02x", (int) type);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
