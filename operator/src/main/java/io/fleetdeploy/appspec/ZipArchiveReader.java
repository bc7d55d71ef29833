package io.fleetdeploy.appspec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a zip archive from its central directory, as Python's {@code zipfile} (the host runner)
 * does: names and declared sizes come from the directory without inflating anything, so a zip bomb
 * is refused by its declared sizes before any CPU is spent, and only the entries the operator needs
 * (the AppSpec, symbolic link targets) are ever inflated. {@code java.util.zip} hides the entry
 * type bits (external attributes) and fails with runtime exceptions on malformed names, hence this
 * reader.
 */
final class ZipArchiveReader {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;
  private static final int EOCD_SIZE = 22;
  private static final int MAX_COMMENT = 0xffff;

  /** The newest format version Python's zipfile extracts (6.3), in the directory's encoding. */
  private static final int MAX_EXTRACT_VERSION = 63;

  /** One member as the central directory describes it. */
  record Entry(
      byte[] rawName,
      int flags,
      int method,
      long compressedSize,
      long size,
      long crc,
      long localHeaderOffset,
      int madeBy,
      long externalAttributes) {

    boolean encrypted() {
      return (flags & 0x1) != 0;
    }

    /**
     * The Unix mode from the high half of the external attributes (0 when the creator wrote none).
     */
    int unixMode() {
      return (int) (externalAttributes >>> 16) & 0xffff;
    }
  }

  private final SeekableByteChannel channel;
  private final long archiveSize;

  /**
   * Bytes before the first entry (a self-extracting stub): offsets in the directory are shifted by
   * this.
   */
  private long shift;

  ZipArchiveReader(SeekableByteChannel channel) throws IOException {
    this.channel = channel;
    this.archiveSize = channel.size();
  }

  long archiveSize() {
    return archiveSize;
  }

  /**
   * Every entry in directory order; fails with a {@link BundleFormatException} for a malformed
   * directory.
   */
  List<Entry> entries(int maxEntries) throws IOException, BundleFormatException {
    long eocdAt = findEndOfCentralDirectory();
    ByteBuffer eocd = read(eocdAt, EOCD_SIZE);
    int disk = u16(eocd, 4);
    int directoryDisk = u16(eocd, 6);
    long count = u16(eocd, 10);
    long directorySize = u32(eocd, 12);
    long directoryOffset = u32(eocd, 16);
    long directoryEnd = eocdAt;
    if (count == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
      if (eocdAt < 20) {
        throw new BundleFormatException(
            "corrupt zip archive: ZIP64 sizes without a ZIP64 end record");
      }
      ByteBuffer locator = read(eocdAt - 20, 20);
      if (locator.getInt(0) != ZIP64_LOCATOR) {
        throw new BundleFormatException(
            "corrupt zip archive: ZIP64 sizes without a ZIP64 end record");
      }
      long zip64At = locator.getLong(8);
      if (zip64At < 0 || zip64At > eocdAt - 20 - 56) {
        throw new BundleFormatException(
            "corrupt zip archive: the ZIP64 end record is out of the archive");
      }
      ByteBuffer zip64 = read(zip64At, 56);
      if (zip64.getInt(0) != ZIP64_EOCD) {
        throw new BundleFormatException("corrupt zip archive: the ZIP64 end record is missing");
      }
      disk = zip64.getInt(16);
      directoryDisk = zip64.getInt(20);
      directorySize = zip64.getLong(40);
      directoryOffset = zip64.getLong(48);
      directoryEnd = zip64At;
    }
    if (disk != 0 || directoryDisk != 0) {
      throw new BundleFormatException("zip archives split over several files are not supported");
    }
    if (directorySize < 0 || directorySize > directoryEnd || directoryOffset < 0) {
      throw new BundleFormatException(
          "corrupt zip archive: the central directory is out of the archive");
    }
    // Python's zipfile allows data before the archive (self-extracting stubs) the same way.
    shift = directoryEnd - directorySize - directoryOffset;
    if (shift < 0) {
      throw new BundleFormatException(
          "corrupt zip archive: the central directory is out of the archive");
    }
    ByteBuffer directory =
        read(directoryEnd - directorySize, (int) Math.min(directorySize, Integer.MAX_VALUE - 8));
    List<Entry> entries = new ArrayList<>();
    int at = 0;
    // Entries run to the directory's size, as Python's zipfile reads them (the count is not used).
    while (at < directory.limit()) {
      if (entries.size() >= maxEntries) {
        throw new BundleFormatException("the bundle has more than " + maxEntries + " entries");
      }
      if (at + 46 > directory.limit() || directory.getInt(at) != CENTRAL) {
        throw new BundleFormatException(
            "corrupt zip archive: central directory entry " + (entries.size() + 1) + " is damaged");
      }
      int madeBy = u16(directory, at + 4);
      int needed = directory.get(at + 6) & 0xff;
      if (needed > MAX_EXTRACT_VERSION) {
        throw new BundleFormatException(
            "the zip archive needs version "
                + needed / 10
                + "."
                + needed % 10
                + " of the zip format to extract, more than hosts support ("
                + MAX_EXTRACT_VERSION / 10
                + "."
                + MAX_EXTRACT_VERSION % 10
                + ")");
      }
      int flags = u16(directory, at + 8);
      int method = u16(directory, at + 10);
      long crc = u32(directory, at + 16);
      long compressed = u32(directory, at + 20);
      long size = u32(directory, at + 24);
      int nameLength = u16(directory, at + 28);
      int extraLength = u16(directory, at + 30);
      int commentLength = u16(directory, at + 32);
      long external = u32(directory, at + 38);
      long offset = u32(directory, at + 42);
      int next = at + 46 + nameLength + extraLength + commentLength;
      if (next > directory.limit()) {
        throw new BundleFormatException(
            "corrupt zip archive: central directory entry " + (entries.size() + 1) + " is damaged");
      }
      byte[] name = new byte[nameLength];
      directory.get(at + 46, name);
      long[] zip64 =
          zip64Extra(directory, at + 46 + nameLength, extraLength, size, compressed, offset);
      entries.add(
          new Entry(
              name, flags, method, zip64[1], zip64[0], crc, zip64[2] + shift, madeBy, external));
      at = next;
    }
    checkLocalHeaders(entries, directoryEnd - directorySize);
    return entries;
  }

  /** The entry's content, inflated, failing when it is larger than {@code max} bytes or damaged. */
  byte[] content(Entry entry, int max) throws IOException, BundleFormatException {
    String name = EntryNames.display(entry.rawName());
    if (entry.size() > max) {
      throw new BundleFormatException(name + ": larger than " + max + " bytes");
    }
    long dataAt = dataOffset(entry);
    if (entry.compressedSize() > archiveSize - dataAt) {
      throw new BundleFormatException(
          "corrupt zip archive: " + name + " runs past the end of the archive");
    }
    byte[] compressed =
        read(dataAt, (int) Math.min(entry.compressedSize(), Integer.MAX_VALUE - 8)).array();
    byte[] data;
    if (entry.method() == 0) {
      data = compressed;
    } else if (entry.method() == 8) {
      data = inflate(compressed, max, name);
    } else {
      throw new BundleFormatException(name + ": " + EntryNames.unsupportedMethod(entry.method()));
    }
    if (data.length != entry.size()) {
      throw new BundleFormatException(
          "corrupt zip archive: "
              + name
              + " has "
              + data.length
              + " bytes, the directory says "
              + entry.size());
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    if (crc.getValue() != entry.crc()) {
      throw new BundleFormatException("corrupt zip archive: " + name + " fails its CRC check");
    }
    return data;
  }

  /**
   * Inflates the entry without keeping it and checks its size and CRC, as the host runner's
   * unpacking does: a bundle whose data is damaged is refused here, not on every host. Its cost is
   * bounded by the expanded size, which the caller has already capped.
   */
  void verify(Entry entry) throws IOException, BundleFormatException {
    String name = EntryNames.display(entry.rawName());
    long dataAt = dataOffset(entry);
    channel.position(dataAt);
    CRC32 crc = new CRC32();
    long produced = 0;
    ByteBuffer input = ByteBuffer.allocate(64 * 1024);
    long left = entry.compressedSize();
    if (entry.method() == 0) {
      while (left > 0) {
        input.clear().limit((int) Math.min(input.capacity(), left));
        int n = channel.read(input);
        if (n < 0) {
          throw new BundleFormatException("corrupt zip archive: " + name + " is cut short");
        }
        crc.update(input.array(), 0, n);
        left -= n;
        produced += n;
      }
    } else {
      Inflater inflater = new Inflater(true);
      byte[] output = new byte[64 * 1024];
      try {
        while (produced < entry.size()) {
          if (inflater.needsInput()) {
            if (left <= 0) {
              break;
            }
            input.clear().limit((int) Math.min(input.capacity(), left));
            int n = channel.read(input);
            if (n < 0) {
              break;
            }
            left -= n;
            inflater.setInput(input.array(), 0, n);
          }
          int n =
              inflater.inflate(output, 0, (int) Math.min(output.length, entry.size() - produced));
          if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
            break;
          }
          crc.update(output, 0, n);
          produced += n;
        }
      } catch (DataFormatException e) {
        throw new BundleFormatException(
            "corrupt zip archive: " + name + " is not valid deflate data");
      } finally {
        inflater.end();
      }
    }
    if (produced != entry.size()) {
      throw new BundleFormatException("corrupt zip archive: " + name + " is cut short");
    }
    if (crc.getValue() != entry.crc()) {
      throw new BundleFormatException("corrupt zip archive: " + name + " fails its CRC check");
    }
  }

  private static byte[] inflate(byte[] compressed, int max, String name)
      throws BundleFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new BundleFormatException("corrupt zip archive: " + name + " is cut short");
        }
        out.write(buffer, 0, n);
        if (out.size() > max) {
          throw new BundleFormatException(name + ": larger than " + max + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new BundleFormatException(
          "corrupt zip archive: " + name + " is not valid deflate data");
    } finally {
      inflater.end();
    }
  }

  /**
   * Every local header must be where the directory says, name the same entry, and no two entries
   * may share bytes (overlapping entries are how zip bombs beyond any compression ratio are built;
   * Python's zipfile refuses them too).
   */
  private void checkLocalHeaders(List<Entry> entries, long directoryStart)
      throws IOException, BundleFormatException {
    List<long[]> spans = new ArrayList<>();
    for (Entry entry : entries) {
      long dataAt = dataOffset(entry);
      long end = dataAt + entry.compressedSize();
      if (entry.compressedSize() < 0 || end > directoryStart || end < dataAt) {
        throw new BundleFormatException(
            "corrupt zip archive: "
                + EntryNames.display(entry.rawName())
                + " runs past the end of the archive's data");
      }
      spans.add(new long[] {entry.localHeaderOffset(), end});
    }
    spans.sort(Comparator.comparingLong(s -> s[0]));
    for (int i = 1; i < spans.size(); i++) {
      if (spans.get(i)[0] < spans.get(i - 1)[1]) {
        throw new BundleFormatException(
            "corrupt zip archive: two entries overlap (a zip bomb shape)");
      }
    }
  }

  private long dataOffset(Entry entry) throws IOException, BundleFormatException {
    String name = EntryNames.display(entry.rawName());
    if (entry.localHeaderOffset() < 0 || entry.localHeaderOffset() > archiveSize - 30) {
      throw new BundleFormatException(
          "corrupt zip archive: the local header of " + name + " is out of the archive");
    }
    ByteBuffer local = read(entry.localHeaderOffset(), 30);
    if (local.getInt(0) != LOCAL) {
      throw new BundleFormatException(
          "corrupt zip archive: the local header of " + name + " is missing");
    }
    int nameLength = u16(local, 26);
    int extraLength = u16(local, 28);
    if (nameLength != entry.rawName().length
        || entry.localHeaderOffset() + 30 + nameLength > archiveSize) {
      throw new BundleFormatException(
          "corrupt zip archive: the local header of "
              + name
              + " names another file than the directory");
    }
    byte[] localName = read(entry.localHeaderOffset() + 30, nameLength).array();
    if (!java.util.Arrays.equals(localName, entry.rawName())) {
      throw new BundleFormatException(
          "corrupt zip archive: the local header of "
              + name
              + " names another file than the directory");
    }
    return entry.localHeaderOffset() + 30 + nameLength + extraLength;
  }

  /** Sizes and offset, taking the ZIP64 extra field where the 32-bit fields say so. */
  private static long[] zip64Extra(
      ByteBuffer buffer, int at, int length, long size, long compressed, long offset)
      throws BundleFormatException {
    long[] values = {size, compressed, offset};
    boolean[] wanted = {size == 0xffffffffL, compressed == 0xffffffffL, offset == 0xffffffffL};
    if (!wanted[0] && !wanted[1] && !wanted[2]) {
      return values;
    }
    int end = at + length;
    while (at + 4 <= end) {
      int id = u16(buffer, at);
      int size16 = u16(buffer, at + 2);
      if (at + 4 + size16 > end) {
        break;
      }
      if (id == 0x0001) {
        int field = at + 4;
        for (int i = 0; i < 3; i++) {
          if (wanted[i]) {
            if (field + 8 > at + 4 + size16) {
              throw new BundleFormatException(
                  "corrupt zip archive: a ZIP64 extra field is too short");
            }
            values[i] = buffer.getLong(field);
            if (values[i] < 0) {
              throw new BundleFormatException(
                  "corrupt zip archive: a ZIP64 size or offset is negative");
            }
            field += 8;
          }
        }
        return values;
      }
      at += 4 + size16;
    }
    throw new BundleFormatException("corrupt zip archive: ZIP64 sizes without their extra field");
  }

  /**
   * The end record: at the very end, else the last signature in the last 64 KiB (Python's zipfile's
   * search).
   */
  private long findEndOfCentralDirectory() throws IOException, BundleFormatException {
    if (archiveSize < EOCD_SIZE) {
      throw new BundleFormatException("the zip archive is empty or corrupt");
    }
    int tail = (int) Math.min(archiveSize, EOCD_SIZE + MAX_COMMENT);
    ByteBuffer end = read(archiveSize - tail, tail);
    if (end.getInt(tail - EOCD_SIZE) == EOCD && u16(end, tail - 2) == 0) {
      return archiveSize - EOCD_SIZE;
    }
    for (int at = tail - EOCD_SIZE; at >= 0; at--) {
      if (end.getInt(at) == EOCD) {
        return archiveSize - tail + at;
      }
    }
    throw new BundleFormatException(
        "the zip archive is empty or corrupt (no end of central directory)");
  }

  private ByteBuffer read(long position, int length) throws IOException, BundleFormatException {
    if (position < 0 || length < 0 || position + length > archiveSize) {
      throw new BundleFormatException("corrupt zip archive: a record is out of the archive");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    channel.position(position);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new BundleFormatException("corrupt zip archive: it ends early");
      }
    }
    buffer.flip();
    return buffer;
  }

  private static int u16(ByteBuffer buffer, int at) {
    return buffer.getShort(at) & 0xffff;
  }

  private static long u32(ByteBuffer buffer, int at) {
    return buffer.getInt(at) & 0xffffffffL;
  }
}
