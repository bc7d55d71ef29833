package io.fleetdeploy.demo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.FleetdeployApi;
import io.fleetdeploy.appspec.ClosestName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the demo's manifests: every {@code .yaml}/{@code .yml} file of a directory, in file-name
 * order, each holding one or more fleetdeploy objects. The embedded API server checks no schema, so
 * this does what matters of it before anything is applied: a document that does not parse, a kind
 * the demo does not know, a field of the wrong type or a field the API does not have (a typo the
 * API server would drop) stops the demo with the file, the document and the field named.
 */
public final class ManifestReader {
  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS =
      Map.of(
          "Application", Application.class,
          "DeploymentGroup", DeploymentGroup.class,
          "Deployment", Deployment.class);

  /**
   * The fields of metadata, for "did you mean" hints (ObjectMeta keeps unknown ones instead of
   * failing).
   */
  private static final List<String> METADATA_FIELDS =
      new ObjectMapper()
              .getDeserializationConfig()
              .introspect(TypeFactory.defaultInstance().constructType(ObjectMeta.class))
              .findProperties()
              .stream()
              .map(BeanPropertyDefinition::getName)
              .toList();

  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final YAMLMapper yaml = new YAMLMapper();

  /** The manifest files of a directory, in file-name order. */
  public List<ManifestFile> readDirectory(Path dir) throws ManifestException {
    if (!Files.isDirectory(dir)) {
      throw new ManifestException(
          "manifest directory " + dir + " does not exist or is not a directory");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(
                  p -> Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.ya?ml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ManifestException("cannot list " + dir + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ManifestException("no .yaml or .yml files in " + dir);
    }
    List<ManifestFile> manifests = new ArrayList<>();
    for (Path file : files) {
      manifests.add(readFile(file));
    }
    return manifests;
  }

  public ManifestFile readFile(Path file) throws ManifestException {
    List<CustomResource<?, ?>> objects = new ArrayList<>();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ManifestException("cannot read " + file + ": " + e.getMessage());
    }
    int index = 0;
    try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(text)) {
      while (documents.hasNext()) {
        index++;
        JsonNode document = documents.next();
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        objects.add(object(file, index, document));
      }
    } catch (JsonProcessingException e) {
      throw new ManifestException(
          file + ": not valid YAML" + where(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ManifestException("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // MappingIterator wraps parse errors of later documents in an unchecked exception.
      Throwable cause = e.getCause();
      if (cause instanceof JsonProcessingException parse) {
        throw new ManifestException(
            file
                + ": not valid YAML"
                + where(parse.getLocation())
                + ": "
                + parse.getOriginalMessage());
      }
      throw e;
    }
    if (objects.isEmpty()) {
      throw new ManifestException(file + ": no objects in it");
    }
    return new ManifestFile(file, objects);
  }

  private CustomResource<?, ?> object(Path file, int index, JsonNode document)
      throws ManifestException {
    String at = file + ", document " + index;
    if (!document.isObject()) {
      throw new ManifestException(
          at + ": not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
    }
    String apiVersion = document.path("apiVersion").asText("");
    String kind = document.path("kind").asText("");
    Class<? extends CustomResource<?, ?>> type = KINDS.get(kind);
    if (!FleetdeployApi.API_VERSION.equals(apiVersion) || type == null) {
      throw new ManifestException(
          at
              + ": "
              + (kind.isEmpty() ? "no kind" : "kind " + kind)
              + (apiVersion.isEmpty() ? " and no apiVersion" : " of apiVersion " + apiVersion)
              + "; the demo applies "
              + String.join(", ", KINDS.keySet().stream().sorted().toList())
              + " of "
              + FleetdeployApi.API_VERSION);
    }
    String name = document.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new ManifestException(at + ": " + kind + " without metadata.name");
    }
    at += " (" + kind + " " + name + ")";
    CustomResource<?, ?> object;
    try {
      object = serialization.convertValue(document, type);
    } catch (IllegalArgumentException e) {
      throw new ManifestException(at + ": " + mappingProblem(e, document));
    }
    // The API types reject fields they do not know, but ObjectMeta keeps them (a real API server
    // drops them silently): a typo such as "lables" would go unnoticed.
    List<String> unknown =
        object.getMetadata().getAdditionalProperties().keySet().stream()
            .sorted()
            .map(k -> "\"metadata." + k + "\"" + didYouMean(METADATA_FIELDS, k))
            .toList();
    if (!unknown.isEmpty()) {
      throw new ManifestException(
          at + ": unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown));
    }
    if (object.getMetadata().getNamespace() == null) {
      object.getMetadata().setNamespace(DemoFleet.NAMESPACE);
    }
    return object;
  }

  /**
   * What Jackson found wrong, in the manifest's terms: the field's path, and for a value of the
   * wrong type the shape expected and the value given, never a Java type.
   */
  private static String mappingProblem(IllegalArgumentException e, JsonNode document) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof JsonMappingException)) {
      cause = cause.getCause();
    }
    if (cause instanceof JsonMappingException mapping) {
      String field =
          mapping.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      if (mapping instanceof UnrecognizedPropertyException unrecognized) {
        List<String> known =
            unrecognized.getKnownPropertyIds().stream().map(String::valueOf).toList();
        return "unknown field \""
            + field
            + "\""
            + didYouMean(known, unrecognized.getPropertyName());
      }
      if (mapping instanceof MismatchedInputException mismatch
          && mismatch.getTargetType() != null) {
        return field
            + ": expected "
            + ValueShape.expected(mismatch.getTargetType())
            + ", got "
            + ValueShape.given(at(document, mapping.getPath()));
      }
      String message = mapping.getOriginalMessage();
      int newline = message.indexOf('\n');
      return field + ": " + (newline < 0 ? message : message.substring(0, newline));
    }
    return e.getMessage();
  }

  /** The value at a Jackson path of the document, or a missing node. */
  private static JsonNode at(JsonNode document, List<JsonMappingException.Reference> path) {
    JsonNode node = document;
    for (JsonMappingException.Reference step : path) {
      node =
          step.getFieldName() != null ? node.path(step.getFieldName()) : node.path(step.getIndex());
    }
    return node;
  }

  private static String didYouMean(Collection<String> known, String typed) {
    return ClosestName.among(known, typed).map(k -> " (did you mean \"" + k + "\"?)").orElse("");
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
