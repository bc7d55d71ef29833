package io.fleetdeploy.simulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.simulator.http.SimRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3RequestParsingTest {

  @Test
  void rangesFollowRfc7233AndS3() {
    assertThat(ObjectOperations.parseRange("0-9", 100)).containsExactly(0, 9);
    assertThat(ObjectOperations.parseRange("90-", 100)).containsExactly(90, 99);
    assertThat(ObjectOperations.parseRange("-10", 100)).containsExactly(90, 99);
    assertThat(ObjectOperations.parseRange("50-1000", 100)).containsExactly(50, 99);
    assertThat(ObjectOperations.parseRange("100-", 100)).isNull();
    assertThat(ObjectOperations.parseRange("9-3", 100)).isNull();
    assertThat(ObjectOperations.parseRange("x-y", 100)).isNull();
  }

  @Test
  void pathsArePercentDecodedButPlusStaysPlus() {
    assertThat(S3Service.percentDecode("/b/a%20b+c%2Fd%C3%A9")).isEqualTo("/b/a b+c/dé");
    assertThat(S3Service.percentDecode("/b/100%")).isEqualTo("/b/100%");
  }

  @Test
  void bucketComesFromThePathOrAVirtualHost() {
    assertThat(S3Service.targetOf(request("/bundles/web/app.tgz", "127.0.0.1:4566")))
        .isEqualTo(new S3Service.Target("bundles", "web/app.tgz"));
    assertThat(S3Service.targetOf(request("/web/app.tgz", "bundles.localhost:4566")))
        .isEqualTo(new S3Service.Target("bundles", "web/app.tgz"));
    assertThat(S3Service.targetOf(request("/", "bundles.s3.localhost:4566")))
        .isEqualTo(new S3Service.Target("bundles", null));
    assertThat(S3Service.targetOf(request("/", "127.0.0.1:4566")))
        .isEqualTo(new S3Service.Target(null, null));
  }

  private static SimRequest request(String path, String host) {
    return new SimRequest("GET", path, null, Map.of("Host", List.of(host)), new byte[0], "rid");
  }
}
