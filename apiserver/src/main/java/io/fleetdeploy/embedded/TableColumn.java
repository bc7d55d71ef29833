package io.fleetdeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One column of a server-side Table: its definition and how to read its cell from an object.
 *
 * @param cell the cell of an object at a moment (ages are relative to it); null shows as {@code
 *     <none>}
 */
record TableColumn(
    String name, String type, String format, String description, int priority, Cell cell) {

  /** Reads a cell from an object, at a moment. */
  @FunctionalInterface
  interface Cell {
    JsonNode of(JsonNode object, Instant now);
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The first column of every Table of named objects. */
  static TableColumn nameColumn() {
    return new TableColumn(
        "Name",
        "string",
        "name",
        "Name must be unique within a namespace.",
        0,
        (object, now) -> NODES.textNode(object.path("metadata").path("name").asText()));
  }

  /** A CRD's additionalPrinterColumn, rendered as the API server renders it (dates as ages). */
  static TableColumn of(CustomResourceColumnDefinition column) {
    PrinterColumnPath path;
    try {
      path = PrinterColumnPath.parse(column.getJsonPath());
    } catch (IllegalArgumentException e) {
      path = null;
    }
    PrinterColumnPath reader = path;
    String type = column.getType();
    return new TableColumn(
        column.getName(),
        type,
        column.getFormat() == null ? "" : column.getFormat(),
        column.getDescription() == null ? "" : column.getDescription(),
        column.getPriority() == null ? 0 : column.getPriority(),
        (object, now) -> {
          List<JsonNode> values = reader == null ? List.of() : reader.read(object);
          return values.isEmpty() ? NODES.nullNode() : typed(type, values.get(0), now);
        });
  }

  static JsonNode typed(String type, JsonNode value, Instant now) {
    return switch (type) {
      case "date" -> NODES.textNode(age(value.asText(), now));
      case "integer", "number", "boolean" ->
          value.isValueNode() ? value : NODES.textNode(value.toString());
      default -> NODES.textNode(value.isValueNode() ? value.asText() : value.toString());
    };
  }

  static String age(String timestamp, Instant now) {
    try {
      return HumanDuration.of(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
