package io.fleetdeploy.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Writing the dashboard's answers: JSON documents, errors as JSON, and the security headers. */
final class HttpReplies {
  private HttpReplies() {}

  static void json(HttpExchange exchange, int code, JsonNode body) throws IOException {
    send(
        exchange,
        code,
        "application/json; charset=utf-8",
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** An error: {@code {"error": message}} with the status code. */
  static void error(HttpExchange exchange, int code, String message) throws IOException {
    ObjectNode body = DashboardJson.MAPPER.createObjectNode();
    body.put("error", message);
    json(exchange, code, body);
  }

  static void send(HttpExchange exchange, int code, String type, byte[] bytes) throws IOException {
    secure(exchange);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  /**
   * Headers on every answer: only the dashboard's own scripts and styles run, it is never framed
   * (clickjacking of the action buttons), and types are never sniffed.
   */
  static void secure(HttpExchange exchange) {
    var headers = exchange.getResponseHeaders();
    headers.set(
        "Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
  }

  /** The decoded query parameters of a request (the last value of a repeated one). */
  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> out = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }
}
