package io.fleetdeploy.appspec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Malformed archives built byte by byte, the way an attacker or a broken packer would make them:
 * each starts with a valid AppSpec so that the malformed member is the only thing wrong.
 */
public final class CraftedArchives {
  public static final byte[] APPSPEC =
      """
      version: 0.0
      os: linux
      files:
        - source: /
          destination: /opt/app
      """
          .getBytes(StandardCharsets.UTF_8);

  private CraftedArchives() {}

  /**
   * A zip whose second entry's name is Latin-1 ({@code café.txt} with byte 0xe9), without the UTF-8
   * flag.
   */
  public static byte[] zipWithLatin1Name() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.ISO_8859_1)) {
      zip.putNextEntry(new ZipEntry("appspec.yml"));
      zip.write(APPSPEC);
      zip.putNextEntry(new ZipEntry("caf\u00e9.txt"));
      zip.write("menu".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A zip bomb: the AppSpec, then {@code entries} entries of {@code entryBytes} zeros each, every
   * one the same few kilobytes of deflate data (about 1000 to 1 for zeros).
   */
  public static byte[] zipBomb(int entries, int entryBytes) {
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
    deflater.setInput(new byte[entryBytes]);
    deflater.finish();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    while (!deflater.finished()) {
      compressed.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(new byte[entryBytes]);
    RawZip zip = new RawZip();
    java.util.zip.CRC32 appSpecCrc = new java.util.zip.CRC32();
    appSpecCrc.update(APPSPEC);
    zip.add("appspec.yml", 0, appSpecCrc.getValue(), APPSPEC, APPSPEC.length);
    for (int i = 0; i < entries; i++) {
      zip.add("bomb/" + i + ".bin", 8, crc.getValue(), compressed.toByteArray(), entryBytes);
    }
    return zip.end();
  }

  /**
   * Zip entries written as they are (any method, any declared size), with a right central
   * directory.
   */
  static final class RawZip {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream directory = new ByteArrayOutputStream();
    private int count;

    void add(String name, int method, long crc, byte[] data, long size) {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      int offset = out.size();
      java.nio.ByteBuffer local =
          java.nio.ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      local
          .putInt(0x04034b50)
          .putShort((short) 20)
          .putShort((short) 0x800)
          .putShort((short) method)
          .putInt(0)
          .putInt((int) crc)
          .putInt(data.length)
          .putInt((int) size)
          .putShort((short) nameBytes.length)
          .putShort((short) 0);
      out.writeBytes(local.array());
      out.writeBytes(nameBytes);
      out.writeBytes(data);
      java.nio.ByteBuffer central =
          java.nio.ByteBuffer.allocate(46).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      central
          .putInt(0x02014b50)
          .putShort((short) (3 << 8 | 20))
          .putShort((short) 20)
          .putShort((short) 0x800)
          .putShort((short) method)
          .putInt(0)
          .putInt((int) crc)
          .putInt(data.length)
          .putInt((int) size)
          .putShort((short) nameBytes.length)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) 0)
          .putInt(0100644 << 16)
          .putInt(offset);
      directory.writeBytes(central.array());
      directory.writeBytes(nameBytes);
      count++;
    }

    byte[] end() {
      int directoryAt = out.size();
      out.writeBytes(directory.toByteArray());
      java.nio.ByteBuffer eocd =
          java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      eocd.putInt(0x06054b50)
          .putShort((short) 0)
          .putShort((short) 0)
          .putShort((short) count)
          .putShort((short) count)
          .putInt(directory.size())
          .putInt(directoryAt)
          .putShort((short) 0);
      out.writeBytes(eocd.array());
      return out.toByteArray();
    }
  }

  /**
   * A tgz bomb: one tar member of {@code members} x {@code memberBytes} zeros, gzip'ed as that many
   * gzip members of the same compressed zeros (gzip allows members back to back).
   */
  public static byte[] tgzBomb(int members, int memberBytes) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Tar head = new Tar();
      head.member(
          "appspec.yml".getBytes(StandardCharsets.UTF_8), octal(APPSPEC.length, 12), '0', APPSPEC);
      byte[] headBytes = head.out.toByteArray();
      Tar big = new Tar();
      big.member(
          "big.bin".getBytes(StandardCharsets.UTF_8),
          octal((long) members * memberBytes, 12),
          '0',
          new byte[0]);
      out.writeBytes(gzip(concat(headBytes, big.out.toByteArray())));
      byte[] zeros = gzip(new byte[memberBytes]);
      for (int i = 0; i < members; i++) {
        out.writeBytes(zeros);
      }
      out.writeBytes(gzip(new byte[1024]));
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  /** A tar with the AppSpec and then a file whose 12-byte size field is {@code sizeField}, raw. */
  public static byte[] tarWithSizeField(byte[] sizeField) {
    Tar tar = new Tar();
    tar.member(
        "appspec.yml".getBytes(StandardCharsets.UTF_8), octal(APPSPEC.length, 12), '0', APPSPEC);
    tar.member("app/data.bin".getBytes(StandardCharsets.UTF_8), sizeField, '0', new byte[0]);
    return tar.end();
  }

  /** A tar whose second member has a pax header with {@code size=<value>}. */
  public static byte[] tarWithPaxSize(String value) {
    return tarWithPaxRecords(record("size", value));
  }

  /** A tar whose second member has a pax header with these raw records. */
  public static byte[] tarWithPaxRecords(byte[] records) {
    Tar tar = new Tar();
    tar.member(
        "appspec.yml".getBytes(StandardCharsets.UTF_8), octal(APPSPEC.length, 12), '0', APPSPEC);
    tar.member(
        "PaxHeaders/data.bin".getBytes(StandardCharsets.UTF_8),
        octal(records.length, 12),
        'x',
        records);
    tar.member(
        "app/data.bin".getBytes(StandardCharsets.UTF_8),
        octal(4, 12),
        '0',
        "data".getBytes(StandardCharsets.UTF_8));
    return tar.end();
  }

  /** A tar whose second member's name is {@code rawName}, as it is. */
  public static byte[] tarWithName(byte[] rawName) {
    Tar tar = new Tar();
    tar.member(
        "appspec.yml".getBytes(StandardCharsets.UTF_8), octal(APPSPEC.length, 12), '0', APPSPEC);
    tar.member(rawName, octal(4, 12), '0', "data".getBytes(StandardCharsets.UTF_8));
    return tar.end();
  }

  /** One pax record, {@code "<length> key=value\n"} with its self-counting length. */
  public static byte[] record(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int length = body.length() + 1;
    while (Integer.toString(length).length() + body.length() != length) {
      length++;
    }
    return (length + body).getBytes(StandardCharsets.UTF_8);
  }

  /** The base-256 encoding of a negative number, as GNU tar writes one (first byte 0xff). */
  public static byte[] base256Negative() {
    byte[] field = new byte[12];
    java.util.Arrays.fill(field, (byte) 0xff);
    return field;
  }

  public static byte[] octal(long value, int length) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    return (digits + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  /** Raw tar members: any name bytes, any size field, any type; checksums right. */
  public static final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Tar member(byte[] name, byte[] sizeField, char type, byte[] content) {
      byte[] header = new byte[512];
      System.arraycopy(name, 0, header, 0, Math.min(100, name.length));
      System.arraycopy(octal(0644, 8), 0, header, 100, 8);
      System.arraycopy(octal(0, 8), 0, header, 108, 8);
      System.arraycopy(octal(0, 8), 0, header, 116, 8);
      System.arraycopy(sizeField, 0, header, 124, 12);
      System.arraycopy(octal(0, 12), 0, header, 136, 12);
      header[156] = (byte) type;
      System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
      for (int i = 148; i < 156; i++) {
        header[i] = ' ';
      }
      long sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      System.arraycopy(
          String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII), 0, header, 148, 8);
      out.writeBytes(header);
      out.writeBytes(content);
      out.writeBytes(new byte[(512 - content.length % 512) % 512]);
      return this;
    }

    public byte[] end() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }
  }
}
