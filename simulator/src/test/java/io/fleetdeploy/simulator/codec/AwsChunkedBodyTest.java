package io.fleetdeploy.simulator.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsChunkedBodyTest {

  @Test
  void decodesSignedChunksAndTrailers() {
    String sig = "chunk-signature=" + "a".repeat(64);
    String body =
        "5;"
            + sig
            + "\r\nhello\r\n6;"
            + sig
            + "\r\n world\r\n0;"
            + sig
            + "\r\n"
            + "x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:"
            + "b".repeat(64)
            + "\r\n\r\n";
    AwsChunkedBody decoded = AwsChunkedBody.decode(body.getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(decoded.payload(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(decoded.trailers())
        .containsEntry("x-amz-checksum-crc32", "DUoRhQ==")
        .containsKey("x-amz-trailer-signature");
  }

  @Test
  void decodesUnsignedChunksWithoutTrailers() {
    AwsChunkedBody decoded =
        AwsChunkedBody.decode("3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(decoded.payload()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(decoded.trailers()).isEmpty();
  }

  @Test
  void truncatedOrGarbledBodiesAreRefused() {
    assertThatThrownBy(
            () -> AwsChunkedBody.decode("a\r\nshort\r\n".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("chunk of 10 bytes is truncated");
    assertThatThrownBy(() -> AwsChunkedBody.decode("zz\r\n".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("bad chunk size 'zz'");
  }
}
