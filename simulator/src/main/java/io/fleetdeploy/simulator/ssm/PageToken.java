package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque NextToken values: where the next page starts, tagged with the operation that issued it.
 */
final class PageToken {
  private PageToken() {}

  static String encode(String operation, long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((operation + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  static long decode(String operation, String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith(operation + ":")) {
        throw new IllegalArgumentException("token of another operation");
      }
      return Long.parseLong(text.substring(operation.length() + 1));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("InvalidNextToken", "The specified token isn't valid.");
    }
  }
}
