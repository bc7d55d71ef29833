package io.fleetdeploy.appspec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Archive entry names as bytes: hosts write them as UTF-8 file names, so a name that is not UTF-8
 * cannot be installed under the name its author meant and is refused (on the host runner too).
 */
final class EntryNames {
  private static final int CLIP = 120;

  private EntryNames() {}

  /** The name as text, or a {@link BundleFormatException} naming it when it is not UTF-8. */
  static String decode(byte[] raw) throws BundleFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BundleFormatException(display(raw) + ": the name is not valid UTF-8");
    }
  }

  /**
   * The name for messages: UTF-8 where it is, other bytes as {@code \xNN} (as the host runner shows
   * them), control characters as {@code ?}, cut to a readable length.
   */
  static String display(byte[] raw) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < raw.length) {
      int length = sequenceLength(raw, i);
      if (length == 0) {
        out.append(String.format("\\x%02x", raw[i] & 0xff));
        i++;
      } else {
        String text = new String(raw, i, length, StandardCharsets.UTF_8);
        out.append(text.codePointAt(0) < 0x20 || text.codePointAt(0) == 0x7f ? "?" : text);
        i += length;
      }
    }
    return clip(out.toString());
  }

  static String clip(String text) {
    return text.length() <= CLIP ? text : text.substring(0, CLIP - 3) + "...";
  }

  static String unsupportedMethod(int method) {
    return "compression method "
        + method
        + " is not supported (bundles use deflate or no compression)";
  }

  /**
   * Length of the valid UTF-8 sequence starting at {@code i}, or 0 when the byte there starts none.
   */
  private static int sequenceLength(byte[] raw, int i) {
    int b = raw[i] & 0xff;
    int length;
    int min;
    if (b < 0x80) {
      return 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + length > raw.length) {
      return 0;
    }
    int code = b & (0xff >> (length + 1));
    for (int k = 1; k < length; k++) {
      int c = raw[i + k] & 0xff;
      if ((c & 0xc0) != 0x80) {
        return 0;
      }
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return 0;
    }
    return length;
  }
}
