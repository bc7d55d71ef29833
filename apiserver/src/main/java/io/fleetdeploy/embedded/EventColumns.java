package io.fleetdeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Locale;

/** The columns {@code kubectl get events} shows from a real API server. */
final class EventColumns {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EventColumns() {}

  static List<TableColumn> all() {
    return List.of(
        new TableColumn(
            "Last Seen",
            "string",
            "",
            "When the event was last seen.",
            0,
            (e, now) -> NODES.textNode(TableColumn.age(lastSeen(e), now))),
        text("Type", 0, "type"),
        text("Reason", 0, "reason"),
        new TableColumn(
            "Object",
            "string",
            "",
            "The object the event is about.",
            0,
            (e, now) ->
                NODES.textNode(
                    e.path("involvedObject").path("kind").asText().toLowerCase(Locale.ROOT)
                        + "/"
                        + e.path("involvedObject").path("name").asText())),
        new TableColumn(
            "Source",
            "string",
            "",
            "Who reported it.",
            1,
            (e, now) ->
                NODES.textNode(
                    e.path("source")
                        .path("component")
                        .asText(e.path("reportingComponent").asText()))),
        text("Message", 0, "message"),
        new TableColumn(
            "First Seen",
            "string",
            "",
            "When the event was first seen.",
            1,
            (e, now) ->
                NODES.textNode(TableColumn.age(e.path("firstTimestamp").asText(lastSeen(e)), now))),
        new TableColumn(
            "Count",
            "integer",
            "",
            "How often it happened.",
            1,
            (e, now) -> e.path("count").isNumber() ? e.get("count") : NODES.numberNode(1)),
        new TableColumn(
            "Name",
            "string",
            "name",
            "The event's name.",
            1,
            (e, now) -> NODES.textNode(e.path("metadata").path("name").asText())));
  }

  private static TableColumn text(String name, int priority, String field) {
    return new TableColumn(
        name, "string", "", "", priority, (e, now) -> NODES.textNode(e.path(field).asText()));
  }

  private static String lastSeen(JsonNode event) {
    for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      if (event.hasNonNull(field) && !event.get(field).asText().isEmpty()) {
        return event.get(field).asText();
      }
    }
    return event.path("metadata").path("creationTimestamp").asText();
  }
}
