package io.fleetdeploy.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The read side of the JSON API, answered from the informer caches alone. */
final class ApiRoutes {
  private static final String SEGMENT = "([^/]+)";
  private static final Pattern DEPLOYMENT =
      Pattern.compile("/api/v1/namespaces/" + SEGMENT + "/deployments/" + SEGMENT);
  private static final Pattern INSTANCES =
      Pattern.compile("/api/v1/namespaces/" + SEGMENT + "/deployments/" + SEGMENT + "/instances");
  private static final Pattern INSTANCE =
      Pattern.compile(
          "/api/v1/namespaces/" + SEGMENT + "/deployments/" + SEGMENT + "/instances/" + SEGMENT);
  private static final Pattern EVENT_LOG =
      Pattern.compile(
          "/api/v1/namespaces/"
              + SEGMENT
              + "/deployments/"
              + SEGMENT
              + "/instances/"
              + SEGMENT
              + "/events/"
              + SEGMENT
              + "/log");
  private static final Pattern GROUP =
      Pattern.compile("/api/v1/namespaces/" + SEGMENT + "/deploymentgroups/" + SEGMENT);
  private static final Pattern APPLICATION =
      Pattern.compile("/api/v1/namespaces/" + SEGMENT + "/applications/" + SEGMENT);
  private static final int MAX_PAGE = 500;

  private final DashboardState state;
  private final EventLogs logs;
  private final DashboardSettings settings;

  ApiRoutes(DashboardState state, EventLogs logs, DashboardSettings settings) {
    this.state = state;
    this.logs = logs;
    this.settings = settings;
  }

  void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = HttpReplies.query(exchange);
    if (path.equals("/api/v1/info")) {
      HttpReplies.json(exchange, 200, info(exchange));
      return;
    }
    if (path.equals("/api/v1/deployments")) {
      HttpReplies.json(exchange, 200, deployments(query));
      return;
    }
    if (path.equals("/api/v1/deploymentgroups")) {
      HttpReplies.json(exchange, 200, groups(query));
      return;
    }
    if (path.equals("/api/v1/applications")) {
      HttpReplies.json(exchange, 200, applications(query));
      return;
    }
    Matcher m = EVENT_LOG.matcher(path);
    if (m.matches()) {
      eventLog(exchange, m);
      return;
    }
    m = INSTANCE.matcher(path);
    if (m.matches()) {
      instance(exchange, m);
      return;
    }
    m = INSTANCES.matcher(path);
    if (m.matches()) {
      instances(exchange, m, query);
      return;
    }
    m = DEPLOYMENT.matcher(path);
    if (m.matches()) {
      Optional<Deployment> d = state.deployment(decode(m, 1), decode(m, 2));
      if (d.isEmpty()) {
        notFound(exchange, "Deployment", decode(m, 1), decode(m, 2));
        return;
      }
      HttpReplies.json(
          exchange, 200, DashboardJson.deployment(d.get(), state.groupOf(d.get()).orElse(null)));
      return;
    }
    m = GROUP.matcher(path);
    if (m.matches()) {
      Optional<DeploymentGroup> g = state.group(decode(m, 1), decode(m, 2));
      if (g.isEmpty()) {
        notFound(exchange, "DeploymentGroup", decode(m, 1), decode(m, 2));
        return;
      }
      HttpReplies.json(exchange, 200, DashboardJson.group(g.get(), state.deploymentsOf(g.get())));
      return;
    }
    m = APPLICATION.matcher(path);
    if (m.matches()) {
      Optional<Application> a = state.application(decode(m, 1), decode(m, 2));
      if (a.isEmpty()) {
        notFound(exchange, "Application", decode(m, 1), decode(m, 2));
        return;
      }
      HttpReplies.json(exchange, 200, DashboardJson.application(a.get(), state.groupsOf(a.get())));
      return;
    }
    HttpReplies.error(exchange, 404, "no such API path: " + path);
  }

  private ObjectNode info(HttpExchange exchange) {
    ObjectNode out = DashboardJson.MAPPER.createObjectNode();
    out.put("actions", settings.actions());
    out.put("userHeader", settings.userHeader());
    String user = exchange.getRequestHeaders().getFirst(settings.userHeader());
    if (user != null && !user.isBlank()) {
      out.put("user", user.trim());
    }
    out.put("synced", state.synced());
    out.put("resourceVersion", String.valueOf(state.latestVersion()));
    ArrayNode namespaces = out.putArray("namespaces");
    state.namespaces().forEach(namespaces::add);
    return out;
  }

  private ObjectNode deployments(Map<String, String> query) {
    String namespace = query.get("namespace");
    String group = query.get("group");
    String phase = query.get("phase");
    ObjectNode out = DashboardJson.MAPPER.createObjectNode();
    out.put("resourceVersion", String.valueOf(state.latestVersion()));
    ArrayNode items = out.putArray("items");
    state.deployments().stream()
        .map(DashboardJson::deploymentRow)
        .filter(r -> matches(namespace, r.path("namespace").asText()))
        .filter(r -> matches(group, r.path("group").asText()))
        .filter(r -> matches(phase, r.path("phase").asText()))
        .sorted(
            Comparator.comparing((ObjectNode r) -> r.path("created").asText(""))
                .reversed()
                .thenComparing(r -> r.path("name").asText()))
        .forEach(items::add);
    return out;
  }

  private ObjectNode groups(Map<String, String> query) {
    ObjectNode out = DashboardJson.MAPPER.createObjectNode();
    ArrayNode items = out.putArray("items");
    state.groups().stream()
        .filter(g -> matches(query.get("namespace"), g.getMetadata().getNamespace()))
        .sorted(byNamespaceAndName())
        .forEach(g -> items.add(DashboardJson.groupRow(g)));
    return out;
  }

  private ObjectNode applications(Map<String, String> query) {
    ObjectNode out = DashboardJson.MAPPER.createObjectNode();
    ArrayNode items = out.putArray("items");
    state.applications().stream()
        .filter(a -> matches(query.get("namespace"), a.getMetadata().getNamespace()))
        .sorted(byNamespaceAndName())
        .forEach(a -> items.add(DashboardJson.application(a, state.groupsOf(a))));
    return out;
  }

  private void instances(HttpExchange exchange, Matcher m, Map<String, String> query)
      throws IOException {
    Optional<Deployment> d = state.deployment(decode(m, 1), decode(m, 2));
    if (d.isEmpty()) {
      notFound(exchange, "Deployment", decode(m, 1), decode(m, 2));
      return;
    }
    int offset;
    int limit;
    try {
      offset = Math.max(0, Integer.parseInt(query.getOrDefault("offset", "0")));
      limit = Math.min(MAX_PAGE, Math.max(1, Integer.parseInt(query.getOrDefault("limit", "100"))));
    } catch (NumberFormatException e) {
      HttpReplies.error(exchange, 400, "offset and limit must be whole numbers");
      return;
    }
    HttpReplies.json(
        exchange,
        200,
        DashboardJson.instancePage(
            d.get(),
            state.groupOf(d.get()).orElse(null),
            query.get("status"),
            query.get("q"),
            offset,
            limit));
  }

  private void instance(HttpExchange exchange, Matcher m) throws IOException {
    Optional<Deployment> d = state.deployment(decode(m, 1), decode(m, 2));
    Optional<InstanceStatus> i = d.flatMap(x -> instanceOf(x, decode(m, 3)));
    if (i.isEmpty()) {
      HttpReplies.error(
          exchange,
          404,
          "Deployment " + decode(m, 1) + "/" + decode(m, 2) + " has no instance " + decode(m, 3));
      return;
    }
    String zone = DashboardJson.zonesOf(state.groupOf(d.get()).orElse(null)).get(i.get().getId());
    HttpReplies.json(exchange, 200, DashboardJson.instance(i.get(), zone));
  }

  private void eventLog(HttpExchange exchange, Matcher m) throws IOException {
    Optional<Deployment> d = state.deployment(decode(m, 1), decode(m, 2));
    Optional<InstanceStatus> i = d.flatMap(x -> instanceOf(x, decode(m, 3)));
    Optional<LifecycleEventStatus> e =
        i.flatMap(
            x ->
                x.getEvents() == null
                    ? Optional.empty()
                    : x.getEvents().stream()
                        .filter(ev -> Objects.equals(ev.getName(), decode(m, 4)))
                        .findFirst());
    if (e.isEmpty()) {
      HttpReplies.error(
          exchange,
          404,
          "Deployment "
              + decode(m, 1)
              + "/"
              + decode(m, 2)
              + " keeps no event "
              + decode(m, 4)
              + " for instance "
              + decode(m, 3));
      return;
    }
    HttpReplies.json(
        exchange, 200, logs.read(d.get(), state.groupOf(d.get()), i.get().getId(), e.get()));
  }

  private static Optional<InstanceStatus> instanceOf(Deployment d, String id) {
    return DashboardJson.instancesOf(d).stream().filter(i -> id.equals(i.getId())).findFirst();
  }

  private static void notFound(HttpExchange exchange, String kind, String ns, String name)
      throws IOException {
    HttpReplies.error(exchange, 404, kind + " " + ns + "/" + name + " not found");
  }

  private static boolean matches(String wanted, String actual) {
    return wanted == null || wanted.isEmpty() || wanted.equals(actual);
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata>
      Comparator<T> byNamespaceAndName() {
    return Comparator.comparing((T x) -> x.getMetadata().getNamespace())
        .thenComparing(x -> x.getMetadata().getName());
  }

  private static String decode(Matcher m, int group) {
    return URLDecoder.decode(m.group(group), StandardCharsets.UTF_8);
  }
}
