package io.fleetdeploy.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's page, script and styles, served from the jar ({@code dashboard/} on the
 * classpath): hand-written files, no build step.
 */
final class StaticFiles {
  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/app.js", "app.js",
          "/style.css", "style.css");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  void handle(HttpExchange exchange) throws IOException {
    String file = FILES.get(exchange.getRequestURI().getPath());
    if (file == null) {
      HttpReplies.error(exchange, 404, "not found: " + exchange.getRequestURI().getPath());
      return;
    }
    byte[] bytes;
    try (InputStream in = StaticFiles.class.getResourceAsStream("/dashboard/" + file)) {
      if (in == null) {
        HttpReplies.error(exchange, 500, "the dashboard's " + file + " is missing from the jar");
        return;
      }
      bytes = in.readAllBytes();
    }
    String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
    HttpReplies.send(exchange, 200, type, bytes);
  }
}
