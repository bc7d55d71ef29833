package io.fleetdeploy.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing, as the API server does it: a {@code meta.k8s.io/v1} Table of a list or an
 * object, so that {@code kubectl get fddeploy} shows the CRD's printer columns (Phase, Progress,
 * Revision; {@code -o wide} adds the priority-1 ones) against the embedded server too.
 */
final class ServerSideTable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TableColumn> columns;

  ServerSideTable(List<TableColumn> columns) {
    this.columns = List.copyOf(columns);
  }

  /**
   * The Table of a list or single object in the API server's JSON.
   *
   * @param includeObject {@code Object} puts each whole object in its row, otherwise its metadata
   */
  String render(String body, String includeObject, Instant now) throws JsonProcessingException {
    JsonNode source = JSON.readTree(body);
    List<JsonNode> objects = new ArrayList<>();
    if (source.has("items")) {
      source.get("items").forEach(objects::add);
    } else {
      objects.add(source);
    }
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (source.has("items") && source.path("metadata").has("resourceVersion")) {
      metadata.set("resourceVersion", source.path("metadata").get("resourceVersion"));
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (TableColumn column : columns) {
      ObjectNode definition = definitions.addObject();
      definition.put("name", column.name());
      definition.put("type", column.type());
      definition.put("format", column.format());
      definition.put("description", column.description());
      definition.put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      columns.forEach(column -> cells.add(column.cell().of(object, now)));
      row.set("object", "Object".equals(includeObject) ? object : partialMetadata(object));
    }
    return table.toString();
  }

  private static JsonNode partialMetadata(JsonNode object) {
    ObjectNode partial = JSON.createObjectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata"));
    return partial;
  }
}
