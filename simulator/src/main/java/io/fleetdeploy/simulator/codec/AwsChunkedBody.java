package io.fleetdeploy.simulator.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the {@code aws-chunked} content encoding that SDKs use for streaming S3 uploads (SigV4
 * chunk signatures and/or trailing checksums): {@code hex-size[;chunk-signature=..]CRLF data CRLF
 * ... 0[;..]CRLF trailer-name:value CRLF ... CRLF}. Chunk signatures are not verified.
 */
public record AwsChunkedBody(byte[] payload, Map<String, String> trailers) {

  public static AwsChunkedBody decode(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    int pos = 0;
    while (true) {
      int lineEnd = indexOfCrlf(body, pos);
      if (lineEnd < 0) {
        throw new IllegalArgumentException("aws-chunked body: missing chunk header at byte " + pos);
      }
      String header = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int semi = header.indexOf(';');
      String hex = (semi < 0 ? header : header.substring(0, semi)).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "aws-chunked body: bad chunk size '" + hex + "' at byte " + pos);
      }
      pos = lineEnd + 2;
      if (size == 0) {
        break;
      }
      if (pos + size > body.length) {
        throw new IllegalArgumentException(
            "aws-chunked body: chunk of " + size + " bytes is truncated");
      }
      out.write(body, pos, size);
      pos += size;
      if (pos + 2 <= body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
        pos += 2;
      }
    }
    Map<String, String> trailers = new LinkedHashMap<>();
    while (pos < body.length) {
      int lineEnd = indexOfCrlf(body, pos);
      int end = lineEnd < 0 ? body.length : lineEnd;
      String line = new String(body, pos, end - pos, StandardCharsets.US_ASCII);
      pos = lineEnd < 0 ? body.length : lineEnd + 2;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        trailers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return new AwsChunkedBody(out.toByteArray(), trailers);
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
