package io.fleetdeploy.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One page of the browser over the Chrome DevTools Protocol, on the JDK's WebSocket client:
 * commands with ids, answered by messages with the same id; events are ignored.
 */
final class DevToolsPage implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket socket;

  private DevToolsPage() {}

  static DevToolsPage connect(URI endpoint) {
    DevToolsPage page = new DevToolsPage();
    page.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .buildAsync(endpoint, page.new Listener())
            .join();
    return page;
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode node = JSON.readTree(message.toString());
          if (node.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(node.get("id").asInt());
            if (answer != null) {
              if (node.has("error")) {
                answer.completeExceptionally(new IOException(node.get("error").toString()));
              } else {
                answer.complete(node.path("result"));
              }
            }
          }
        } catch (IOException e) {
          // Not JSON: the protocol only sends JSON; nothing to answer.
        }
        message.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }

  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode command = JSON.createObjectNode();
    command.put("id", id);
    command.put("method", method);
    command.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(command.toString(), true).join();
    return answer.get(30, TimeUnit.SECONDS);
  }

  void navigate(String url) throws Exception {
    send("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression (awaited when it is a promise). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result =
        send(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the page threw on " + expression + ": " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Waits until the expression's value passes {@code test}; returns it. */
  JsonNode waitFor(String expression, Predicate<JsonNode> test, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = evaluate(expression);
        if (test.test(last)) {
          return last;
        }
      } catch (IllegalStateException e) {
        last = JSON.getNodeFactory().textNode(e.getMessage());
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting on " + expression + "; last value: " + last);
  }

  /** A PNG of the page as it is shown. */
  void screenshot(Path file) throws Exception {
    JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }
}
