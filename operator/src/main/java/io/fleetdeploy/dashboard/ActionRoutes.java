package io.fleetdeploy.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write side of the JSON API (POST only, JSON bodies only, so a page of another origin cannot
 * send one without a CORS preflight the dashboard never grants): stop, stop and roll back, retry,
 * roll back. Each names its user through the trusted proxy's header and says why.
 */
final class ActionRoutes {
  private static final Pattern STOP =
      Pattern.compile("/api/v1/namespaces/([^/]+)/deployments/([^/]+)/stop");
  private static final Pattern RETRY =
      Pattern.compile("/api/v1/namespaces/([^/]+)/deploymentgroups/([^/]+)/retry");
  private static final Pattern ROLLBACK =
      Pattern.compile("/api/v1/namespaces/([^/]+)/deploymentgroups/([^/]+)/rollback");
  private static final int MAX_BODY = 16 * 1024;
  private static final int MAX_REASON = 512;

  private final DashboardSettings settings;
  private final DashboardActions actions;

  ActionRoutes(DashboardSettings settings, DashboardActions actions) {
    this.settings = settings;
    this.actions = actions;
  }

  void handle(HttpExchange exchange) throws IOException {
    if (!settings.actions()) {
      HttpReplies.error(
          exchange,
          403,
          "the dashboard is read-only: actions are enabled by the operator's --ui-actions flag");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    Matcher stop = STOP.matcher(path);
    Matcher retry = RETRY.matcher(path);
    Matcher rollback = ROLLBACK.matcher(path);
    if (!stop.matches() && !retry.matches() && !rollback.matches()) {
      HttpReplies.error(exchange, 404, "no such action: " + path);
      return;
    }
    try {
      Requester requester = requester(exchange);
      JsonNode body = body(exchange);
      String reason = body.path("reason").asText("").trim();
      if (reason.isEmpty()) {
        throw new ActionRefused(400, "say why: the request body needs a non-empty \"reason\"");
      }
      if (reason.length() > MAX_REASON) {
        throw new ActionRefused(400, "the reason is longer than " + MAX_REASON + " characters");
      }
      HasMetadata changed;
      if (stop.matches()) {
        changed =
            actions.stop(
                requester,
                decode(stop, 1),
                decode(stop, 2),
                body.path("rollback").asBoolean(false),
                reason);
      } else if (retry.matches()) {
        changed = actions.retry(requester, decode(retry, 1), decode(retry, 2), reason);
      } else {
        String of = body.path("of").asText("");
        changed =
            actions.rollBack(
                requester,
                decode(rollback, 1),
                decode(rollback, 2),
                of.isEmpty() ? null : of,
                reason);
      }
      ObjectNode out = DashboardJson.MAPPER.createObjectNode();
      out.put("kind", changed.getKind());
      out.put("namespace", changed.getMetadata().getNamespace());
      out.put("name", changed.getMetadata().getName());
      out.put("requestedBy", requester.user());
      HttpReplies.json(exchange, 200, out);
    } catch (ActionRefused e) {
      HttpReplies.error(exchange, e.status(), e.getMessage());
    } catch (KubernetesClientException e) {
      HttpReplies.error(
          exchange,
          e.getCode() == 409 ? 409 : 502,
          "the API server refused the change: " + e.getMessage());
    }
  }

  private Requester requester(HttpExchange exchange) throws ActionRefused {
    String user = exchange.getRequestHeaders().getFirst(settings.userHeader());
    if (user == null || user.isBlank()) {
      throw new ActionRefused(
          401,
          "no user: actions are taken only for the user the authenticating proxy names in the "
              + settings.userHeader()
              + " header, and this request has none");
    }
    String groups =
        settings.groupsHeader() == null
            ? null
            : exchange.getRequestHeaders().getFirst(settings.groupsHeader());
    List<String> groupList =
        groups == null
            ? List.of()
            : Arrays.stream(groups.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new Requester(user.trim(), groupList);
  }

  private static JsonNode body(HttpExchange exchange) throws ActionRefused, IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ActionRefused(415, "actions take a JSON body (Content-Type: application/json)");
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new ActionRefused(413, "the request body is larger than " + MAX_BODY + " bytes");
    }
    try {
      JsonNode node = DashboardJson.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ActionRefused(400, "the request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ActionRefused(400, "the request body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String decode(Matcher m, int group) {
    return URLDecoder.decode(m.group(group), StandardCharsets.UTF_8);
  }
}
