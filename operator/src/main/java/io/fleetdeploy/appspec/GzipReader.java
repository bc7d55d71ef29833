package io.fleetdeploy.appspec;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip data exactly as strictly as Python's {@code gzip} module (the host runner):
 * several members in a row are one stream, zeros may pad the end, and anything else after a member
 * (which {@code java.util.zip.GZIPInputStream} silently ignores) is an error. Every member's CRC
 * and length are checked. Errors are {@link GzipFormatException}s whose message says what is wrong.
 */
final class GzipReader extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** Damaged gzip data (an IOException so that it passes through stream code unchanged). */
  static final class GzipFormatException extends IOException {
    GzipFormatException(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int bufferStart;
  private int bufferEnd;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private long memberLength;
  private boolean inMember;
  private boolean finished;

  GzipReader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] out, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!finished) {
      if (!inMember) {
        if (!startMember()) {
          finished = true;
          return -1;
        }
        continue;
      }
      if (inflater.needsInput()) {
        if (!fill()) {
          throw new GzipFormatException("the gzip data is cut short");
        }
        inflater.setInput(buffer, bufferStart, bufferEnd - bufferStart);
      }
      int n;
      try {
        n = inflater.inflate(out, offset, length);
      } catch (DataFormatException e) {
        throw new GzipFormatException("the gzip data is damaged (" + e.getMessage() + ")");
      }
      if (inflater.needsDictionary()) {
        throw new GzipFormatException("the gzip data is damaged (it asks for a dictionary)");
      }
      // What the inflater has not used is still in the buffer, for the trailer and the next member.
      bufferStart = bufferEnd - inflater.getRemaining();
      if (n > 0) {
        crc.update(out, offset, n);
        memberLength += n;
        return n;
      }
      if (inflater.finished()) {
        endMember();
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }

  /** Reads the next member's header; false at the end of the data (zeros only may remain). */
  private boolean startMember() throws IOException {
    int first = nextByte();
    while (first == 0) {
      first = nextByte();
    }
    if (first < 0) {
      return false;
    }
    int second = nextByte();
    if (first != 0x1f || second != 0x8b) {
      throw new GzipFormatException("not gzip data: unexpected bytes after the last gzip member");
    }
    if (nextByte() != 8) {
      throw new GzipFormatException("the gzip data uses an unknown compression method");
    }
    int flags = requireByte();
    for (int i = 0; i < 6; i++) {
      requireByte();
    }
    if ((flags & FEXTRA) != 0) {
      int length = requireByte() | (requireByte() << 8);
      for (int i = 0; i < length; i++) {
        requireByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (requireByte() != 0) {
        // the original file name: not needed
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (requireByte() != 0) {
        // a comment: not needed
      }
    }
    if ((flags & FHCRC) != 0) {
      requireByte();
      requireByte();
    }
    inflater.reset();
    crc.reset();
    memberLength = 0;
    inMember = true;
    return true;
  }

  private void endMember() throws IOException {
    long storedCrc = 0;
    for (int i = 0; i < 4; i++) {
      storedCrc |= (long) requireByte() << (8 * i);
    }
    long storedLength = 0;
    for (int i = 0; i < 4; i++) {
      storedLength |= (long) requireByte() << (8 * i);
    }
    if (storedCrc != crc.getValue()) {
      throw new GzipFormatException("the gzip data fails its CRC check");
    }
    if (storedLength != (memberLength & 0xffffffffL)) {
      throw new GzipFormatException("the gzip data has another length than its trailer says");
    }
    inMember = false;
  }

  private int requireByte() throws IOException {
    int b = nextByte();
    if (b < 0) {
      throw new GzipFormatException("the gzip data is cut short");
    }
    return b;
  }

  private int nextByte() throws IOException {
    if (bufferStart == bufferEnd && !fill()) {
      return -1;
    }
    return buffer[bufferStart++] & 0xff;
  }

  private boolean fill() throws IOException {
    if (bufferStart < bufferEnd) {
      return true;
    }
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    bufferStart = 0;
    bufferEnd = n;
    return true;
  }
}
