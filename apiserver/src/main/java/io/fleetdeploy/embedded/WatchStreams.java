package io.fleetdeploy.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The open watches of the embedded API server, in place of the Fabric8 store's own listeners. The
 * store turned a change into its watch event once per watcher: a status write to a 160 KB
 * Deployment that four informers watch parsed and re-serialised the object four times, under the
 * store's write lock, before the writer got its answer. Here a change becomes its event text once,
 * on a sending thread of its own, and that text goes to every watch it concerns. The text is the
 * store's, byte for byte (the object read as a generic resource and written inside a {@link
 * WatchEvent}), and so are the rules: a watch sees MODIFIED when it matched the object before and
 * after, DELETED when only before, ADDED when only after; on opening it gets every object it
 * matches as ADDED.
 */
final class WatchStreams implements AutoCloseable {
  private final ObjectMapper mapper;

  /** Held by every write, so a watch that opens sees the store between two changes. */
  private final Object writes;

  /** The stored objects by their attributes (read under {@link #writes}). */
  private final Supplier<List<Map.Entry<AttributeSet, String>>> stored;

  private final Set<Stream> streams = new CopyOnWriteArraySet<>();

  /**
   * Makes the event texts and sends them, in the order the changes happened, off the writer's
   * thread and locks. Named like the server's Vert.x threads: the benchmark counts {@code vert.x-*}
   * threads as the API server's CPU, not the operator's.
   */
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vert.x-fleetdeploy-watch-sender");
            t.setDaemon(true);
            return t;
          });

  WatchStreams(
      ObjectMapper mapper, Object writes, Supplier<List<Map.Entry<AttributeSet, String>>> stored) {
    this.mapper = mapper;
    this.writes = writes;
    this.stored = stored;
  }

  /** A watch of what {@code query} matches, answered with a WebSocket upgrade. */
  MockResponse watch(AttributeSet query) {
    Stream stream = new Stream(query);
    streams.add(stream);
    return new MockResponse().withWebSocketUpgrade(stream);
  }

  /**
   * Tells the watches about a change of one object: {@code before} and {@code after} are its
   * attributes and JSON before and after (null when it was created or deleted). Call with writes
   * excluded, in the order the changes happen. The event text is made on the sending thread, once
   * per kind of event, so the writer gets its answer without waiting for it.
   */
  void changed(AttributeSet beforeKey, String before, AttributeSet afterKey, String after) {
    List<Map.Entry<WebSocket, String>> sends = new ArrayList<>();
    for (Stream stream : streams) {
      WebSocket socket = stream.socket;
      if (socket == null) {
        // Not open yet: what changes now is in the objects it gets when it opens.
        continue;
      }
      boolean matchesBefore = beforeKey != null && stream.matches(beforeKey);
      boolean matchesAfter = afterKey != null && stream.matches(afterKey);
      if (matchesBefore && matchesAfter) {
        sends.add(Map.entry(socket, "MODIFIED"));
      } else if (matchesBefore) {
        sends.add(Map.entry(socket, "DELETED"));
      } else if (matchesAfter) {
        sends.add(Map.entry(socket, "ADDED"));
      }
    }
    if (sends.isEmpty()) {
      return;
    }
    send(
        () -> {
          Map<String, String> events = new HashMap<>(4);
          for (Map.Entry<WebSocket, String> send : sends) {
            String type = send.getValue();
            send.getKey()
                .send(
                    events.computeIfAbsent(
                        type, t -> event("DELETED".equals(t) ? before : after, t)));
          }
        });
  }

  private void send(Runnable sending) {
    try {
      sender.execute(sending);
    } catch (RejectedExecutionException e) {
      // The server is closing.
    }
  }

  /**
   * The event as the store wrote it: read with the client's shared serialization (deprecated, but
   * the one the store uses) and written with the store's mapper.
   */
  @SuppressWarnings("deprecation")
  private String event(String object, String type) {
    try {
      return mapper.writeValueAsString(
          new WatchEvent(Serialization.unmarshal(object, GenericKubernetesResource.class), type));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }

  /** One watch: its selection and, once open, its socket. */
  private final class Stream extends WebSocketListener {
    private final AttributeSet query;
    private volatile WebSocket socket;

    private Stream(AttributeSet query) {
      this.query = query;
    }

    boolean matches(AttributeSet object) {
      return object.matches(query);
    }

    /** Opens between two changes: every object it matches now as ADDED, then the changes. */
    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      synchronized (writes) {
        socket = webSocket;
        List<String> objects = new ArrayList<>();
        for (Map.Entry<AttributeSet, String> entry : stored.get()) {
          if (matches(entry.getKey())) {
            objects.add(entry.getValue());
          }
        }
        send(
            () -> {
              for (String object : objects) {
                webSocket.send(event(object, "ADDED"));
              }
            });
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      webSocket.close(code, reason);
      streams.remove(this);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      webSocket.close(1000, error.getMessage());
      streams.remove(this);
    }
  }
}
