package io.fleetdeploy.appspec;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the members of a ustar/GNU/pax tar stream, enough to list a bundle and read its AppSpec
 * (the JDK has no tar support and the operator needs no full archive library for this).
 */
public final class TarArchiveReader implements Closeable {
  private static final int BLOCK = 512;
  private static final int MAX_META_BYTES = 1 << 20;

  private final InputStream in;
  private long remaining;
  private long padding;

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
      stored = parseNumber(block, 148, 8);
    } catch (IOException e) {
      return false;
    }
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
    }
    return sum == stored && sum != 8L * ' ';
  }

  /** The next member, or null at the end of the archive. */
  public TarEntry next() throws IOException {
    skipFully(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    String longLink = null;
    Map<String, String> pax = new HashMap<>();
    while (true) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length == 0 || isZero(header)) {
        return null;
      }
      if (header.length < BLOCK || !isHeader(header)) {
        throw new IOException("corrupt tar header");
      }
      char type = (char) header[156];
      long size = parseNumber(header, 124, 12);
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        if (size > MAX_META_BYTES) {
          throw new IOException("tar metadata record too large");
        }
        byte[] data = readData(size);
        if (type == 'L') {
          longName = cString(data, 0, data.length);
        } else if (type == 'K') {
          longLink = cString(data, 0, data.length);
        } else if (type == 'x') {
          pax.putAll(parsePax(data));
        }
        continue;
      }
      String name = cString(header, 0, 100);
      if ("ustar".equals(cString(header, 257, 6).trim())) {
        String prefix = cString(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      name = pax.getOrDefault("path", longName == null ? name : longName);
      String link = pax.getOrDefault("linkpath", longLink == null ? cString(header, 157, 100) : longLink);
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size").trim());
      }
      int mode = (int) parseNumber(header, 100, 8);
      remaining = size;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      return new TarEntry(name, type, size, mode, link);
    }
  }

  /** Reads the current member's content, failing when it is larger than {@code max} bytes. */
  public byte[] readContent(int max) throws IOException {
    if (remaining > max) {
      throw new IOException("member larger than " + max + " bytes");
    }
    byte[] data = in.readNBytes((int) remaining);
    if (data.length < remaining) {
      throw new EOFException("tar member truncated");
    }
    remaining = 0;
    return data;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private byte[] readData(long size) throws IOException {
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("tar record truncated");
    }
    skipFully((BLOCK - (size % BLOCK)) % BLOCK);
    return data;
  }

  private void skipFully(long count) throws IOException {
    long left = count;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("tar archive truncated");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static Map<String, String> parsePax(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int position = 0;
    while (position < data.length) {
      int space = position;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, position, space - position, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("corrupt pax header");
      }
      if (length <= 0 || position + length > data.length) {
        throw new IOException("corrupt pax header");
      }
      String record = new String(data, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals > 0) {
        records.put(record.substring(0, equals), record.substring(equals + 1));
      }
      position += length;
    }
    return records;
  }

  private static long parseNumber(byte[] header, int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      // GNU base-256 for sizes past 8 GiB.
      long value = header[offset] & 0x7f;
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    String text = cString(header, offset, length).trim();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt tar number field");
    }
  }

  private static String cString(byte[] data, int offset, int length) {
    int end = offset;
    while (end < offset + length && end < data.length && data[end] != 0) {
      end++;
    }
    return new String(data, offset, end - offset, StandardCharsets.UTF_8);
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
