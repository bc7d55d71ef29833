package io.fleetdeploy.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a service answers; the router writes it to the wire. */
public record SimResponse(int status, Map<String, String> headers, byte[] body) {

  public static SimResponse of(int status, String contentType, String body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    return new SimResponse(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  public static SimResponse xml(int status, String body) {
    return of(status, "text/xml;charset=UTF-8", body);
  }

  public static SimResponse empty(int status) {
    return new SimResponse(status, new LinkedHashMap<>(), new byte[0]);
  }

  public SimResponse withHeader(String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
    return this;
  }
}
