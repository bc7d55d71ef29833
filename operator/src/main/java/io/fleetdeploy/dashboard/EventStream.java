package io.fleetdeploy.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/updates}: the live-update stream (Server-Sent Events). Each change is an event
 * {@code change} whose {@code id} is the object's resourceVersion; a browser's EventSource sends
 * the last one back as {@code Last-Event-ID} when it reconnects and gets what it missed, or an
 * event {@code reset} (reload everything) when that is no longer kept. Comments keep an idle stream
 * open through proxies.
 */
final class EventStream {
  private final LiveUpdates updates;
  private final Duration heartbeat;

  EventStream(LiveUpdates updates, Duration heartbeat) {
    this.updates = updates;
    this.heartbeat = heartbeat;
  }

  @SuppressWarnings("ReferenceEquality") // CLOSED is a sentinel instance, compared by identity
  void handle(HttpExchange exchange) throws IOException {
    String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    if (lastEventId == null) {
      // EventSource cannot set headers on its first connection: a page that already has data
      // passes the version it has as a parameter instead.
      lastEventId = HttpReplies.query(exchange).get("lastEventId");
    }
    LiveUpdates.Subscription subscription = updates.subscribe(lastEventId);
    if (subscription == null) {
      HttpReplies.error(exchange, 503, "too many live-update streams are open; try again later");
      return;
    }
    try {
      HttpReplies.secure(exchange);
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      StringBuilder first = new StringBuilder("retry: 2000\n: connected\n\n");
      if (subscription.reset) {
        first.append("id: ").append(updates.latestVersion()).append("\nevent: reset\ndata: {}\n\n");
      }
      subscription.missed.forEach(c -> first.append(c.frame()));
      write(out, first.toString());
      List<Change> batch = new ArrayList<>();
      while (!subscription.overflowed) {
        Change next = subscription.changes.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          write(out, ": heartbeat\n\n");
          continue;
        }
        batch.clear();
        batch.add(next);
        subscription.changes.drainTo(batch);
        StringBuilder frames = new StringBuilder();
        for (Change c : batch) {
          if (c == LiveUpdates.CLOSED) {
            write(out, frames.toString());
            return;
          }
          frames.append(c.frame());
        }
        write(out, frames.toString());
      }
    } catch (IOException e) {
      // The browser went away: nothing to tell it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      updates.unsubscribe(subscription);
      exchange.close();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
