package io.fleetdeploy.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard: a page, a JSON API under {@code /api/v1} and a live-update stream, on its own
 * port, served by the JDK's HTTP server from informer caches of its own (no request reaches the API
 * server but an action's). Read-only unless {@link DashboardSettings#actions()}.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  private static final int KEPT_CHANGES = 4096;
  private static final int MAX_STREAMS = 200;

  private final HttpServer server;
  private final ExecutorService executor;
  private final DashboardState state;
  private final LiveUpdates updates;

  private Dashboard(
      KubernetesClient client, DashboardSettings settings, EventLogs logs, Clock clock)
      throws IOException {
    this.updates = new LiveUpdates(KEPT_CHANGES, MAX_STREAMS, DashboardJson::change);
    this.state = new DashboardState(client, settings.namespaces(), updates);
    ApiRoutes api = new ApiRoutes(state, logs, settings);
    ActionRoutes actions =
        new ActionRoutes(
            settings,
            new DashboardActions(
                client, new AccessReviewer(client), new ActionAudit(client, clock), clock));
    EventStream stream = new EventStream(updates, settings.heartbeat());
    StaticFiles files = new StaticFiles();
    this.server =
        HttpServer.create(
            settings.loopbackOnly()
                ? new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), settings.port())
                : new InetSocketAddress(settings.port()),
            0);
    AtomicInteger threads = new AtomicInteger();
    // A live-update stream holds its thread while open: a cached pool, bounded by MAX_STREAMS.
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dashboard-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange ->
            guarded(
                exchange,
                () -> {
                  String path = exchange.getRequestURI().getPath();
                  String method = exchange.getRequestMethod();
                  if (path.startsWith("/api/") && "POST".equals(method)) {
                    actions.handle(exchange);
                  } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD, POST");
                    HttpReplies.error(exchange, 405, method + " is not supported here");
                  } else if (path.equals("/api/v1/updates")) {
                    stream.handle(exchange);
                  } else if (path.startsWith("/api/")) {
                    api.handle(exchange);
                  } else {
                    files.handle(exchange);
                  }
                }));
  }

  /** Starts the informers and the server; the pages fill in as the informers sync. */
  public static Dashboard start(KubernetesClient client, DashboardSettings settings)
      throws IOException {
    return start(client, settings, EventLogs.STATUS_TAIL, Clock.systemUTC());
  }

  public static Dashboard start(
      KubernetesClient client, DashboardSettings settings, EventLogs logs, Clock clock)
      throws IOException {
    Dashboard dashboard = new Dashboard(client, settings, logs, clock);
    dashboard.state.start();
    dashboard.server.start();
    LOG.info(
        "dashboard on port {} ({})",
        dashboard.port(),
        settings.actions()
            ? "actions enabled for users named by " + settings.userHeader()
            : "read-only");
    return dashboard;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Whether the informers have their initial lists. */
  public boolean synced() {
    return state.synced();
  }

  private interface Handler {
    void run() throws IOException;
  }

  private static void guarded(HttpExchange exchange, Handler handler) throws IOException {
    try {
      handler.run();
    } catch (RuntimeException e) {
      LOG.warn("dashboard request {} failed", exchange.getRequestURI(), e);
      try {
        HttpReplies.error(exchange, 500, "internal error: " + e.getMessage());
      } catch (IOException | RuntimeException ignored) {
        // The answer had begun already; the connection is closed below.
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    updates.close();
    server.stop(0);
    executor.shutdownNow();
    state.close();
  }
}
