package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.JsonWriter;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command documents: create, update, versions, describe, get (with format conversion), delete,
 * list.
 */
final class DocumentApi {
  private static final Pattern VERSION_NUMBER = Pattern.compile("(^[1-9][0-9]*$)");

  private final DocumentStore documents;
  private final SimClock clock;

  DocumentApi(DocumentStore documents, SimClock clock) {
    this.documents = documents;
    this.clock = clock;
  }

  Map<String, Object> createDocument(JsonArgs a) {
    String content = a.string("Content");
    Constraints.required("content", content);
    String name = a.string("Name");
    Constraints.required("name", name);
    String format = documentFormat(a.string("DocumentFormat"));
    Map<String, String> tags = SsmTags.parse(a.structs("Tags"));
    DocumentVersion v =
        documents.create(
            name,
            content,
            format,
            a.string("DocumentType"),
            a.string("VersionName"),
            a.string("DisplayName"),
            a.string("TargetType"),
            tags,
            clock.now());
    // Like SSM, the answer to CreateDocument says Creating; the document is Active right after.
    return Map.of("DocumentDescription", describe(v, "Creating"));
  }

  Map<String, Object> updateDocument(JsonArgs a) {
    String content = a.string("Content");
    Constraints.required("content", content);
    String name = a.string("Name");
    Constraints.required("name", name);
    DocumentVersion v =
        documents.update(
            name,
            content,
            documentFormat(a.string("DocumentFormat")),
            a.string("DocumentVersion"),
            a.string("VersionName"),
            a.string("DisplayName"),
            a.string("TargetType"),
            clock.now());
    return Map.of("DocumentDescription", describe(v, "Updating"));
  }

  Map<String, Object> updateDocumentDefaultVersion(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    String version = a.string("DocumentVersion");
    Constraints.required("documentVersion", version);
    Constraints.pattern("documentVersion", version, VERSION_NUMBER);
    DocumentVersion v = documents.setDefaultVersion(name, version);
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("Name", v.name());
    description.put("DefaultVersion", String.valueOf(v.version()));
    description.put("DefaultVersionName", v.versionName());
    return Map.of("Description", description);
  }

  Map<String, Object> describeDocument(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    DocumentVersion v =
        documents.resolve(name, a.string("DocumentVersion"), a.string("VersionName"));
    return Map.of("Document", describe(v, "Active"));
  }

  Map<String, Object> getDocument(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    DocumentVersion v =
        documents.resolve(name, a.string("DocumentVersion"), a.string("VersionName"));
    String format =
        a.string("DocumentFormat") == null
            ? v.format()
            : documentFormat(a.string("DocumentFormat"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", v.name());
    out.put("CreatedDate", AwsTime.epochSeconds(v.createdDate()));
    out.put("DisplayName", v.displayName());
    out.put("VersionName", v.versionName());
    out.put("DocumentVersion", String.valueOf(v.version()));
    out.put("Status", "Active");
    out.put("Content", DocumentParser.convert(v.content(), v.format(), format));
    out.put("DocumentType", v.documentType());
    out.put("DocumentFormat", format);
    out.put("Requires", List.of());
    out.put("AttachmentsContent", List.of());
    return out;
  }

  Map<String, Object> deleteDocument(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    documents.delete(name, a.string("DocumentVersion"), a.string("VersionName"));
    return Map.of();
  }

  Map<String, Object> listDocuments(JsonArgs a) {
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 1, 50);
    int pageSize = maxResults == null ? 50 : maxResults;
    String owner = null;
    String nameFilter = null;
    for (JsonArgs f : a.structs("Filters") == null ? List.<JsonArgs>of() : a.structs("Filters")) {
      List<String> values = f.strings("Values") == null ? List.of() : f.strings("Values");
      if ("Owner".equals(f.string("Key")) && !values.isEmpty()) {
        owner = values.get(0);
      } else if ("Name".equals(f.string("Key")) && !values.isEmpty()) {
        nameFilter = values.get(0);
      }
    }
    long start =
        a.string("NextToken") == null
            ? 0
            : PageToken.decode("ListDocuments", a.string("NextToken"));
    List<Map<String, Object>> identifiers = new ArrayList<>();
    List<DocumentVersion> all = documents.defaults();
    String token = null;
    int position = 0;
    for (DocumentVersion v : all) {
      boolean amazon = "Amazon".equals(v.owner());
      if (("Self".equals(owner) && amazon)
          || ("Amazon".equals(owner) && !amazon)
          || (nameFilter != null && !v.name().equals(nameFilter))) {
        continue;
      }
      if (position++ < start) {
        continue;
      }
      if (identifiers.size() == pageSize) {
        token = PageToken.encode("ListDocuments", position - 1);
        break;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Name", v.name());
      m.put("CreatedDate", AwsTime.epochSeconds(v.createdDate()));
      m.put("DisplayName", v.displayName());
      m.put("Owner", v.owner());
      m.put("VersionName", v.versionName());
      m.put("PlatformTypes", List.of("Linux", "MacOS"));
      m.put("DocumentVersion", String.valueOf(v.version()));
      m.put("DocumentType", v.documentType());
      m.put("SchemaVersion", v.model().schemaVersion());
      m.put("DocumentFormat", v.format());
      m.put("TargetType", v.targetType());
      m.put("Tags", amazon ? List.of() : SsmTags.toJson(documents.tags(v.name())));
      identifiers.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("DocumentIdentifiers", identifiers);
    out.put("NextToken", token);
    return out;
  }

  private Map<String, Object> describe(DocumentVersion v, String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Sha1", v.sha1());
    m.put("Hash", v.sha256());
    m.put("HashType", "Sha256");
    m.put("Name", v.name());
    m.put("DisplayName", v.displayName());
    m.put("VersionName", v.versionName());
    m.put("Owner", v.owner());
    m.put("CreatedDate", AwsTime.epochSeconds(v.createdDate()));
    m.put("Status", status);
    m.put("DocumentVersion", String.valueOf(v.version()));
    m.put("Description", v.model().description());
    List<Map<String, Object>> parameters = new ArrayList<>();
    for (DocumentParameter p : v.model().parameters().values()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("Name", p.name());
      pm.put("Type", p.isList() ? "StringList" : "String");
      pm.put("Description", p.description());
      pm.put(
          "DefaultValue",
          p.defaultValue() instanceof List<?> l ? JsonWriter.write(l) : p.defaultValue());
      parameters.add(pm);
    }
    m.put("Parameters", parameters);
    m.put("PlatformTypes", List.of("Linux", "MacOS"));
    m.put("DocumentType", v.documentType());
    m.put("SchemaVersion", v.model().schemaVersion());
    m.put("LatestVersion", String.valueOf(documents.latestVersion(v.name())));
    m.put("DefaultVersion", String.valueOf(documents.defaultVersion(v.name())));
    m.put("DocumentFormat", v.format());
    m.put("TargetType", v.targetType());
    m.put(
        "Tags", "Amazon".equals(v.owner()) ? List.of() : SsmTags.toJson(documents.tags(v.name())));
    return m;
  }

  private static String documentFormat(String format) {
    if (format == null) {
      return "JSON";
    }
    if (!format.equals("JSON") && !format.equals("YAML") && !format.equals("TEXT")) {
      throw ApiException.badRequest(
          "ValidationException",
          "1 validation error detected: Value '"
              + format
              + "' at 'documentFormat' failed to satisfy constraint: Member must satisfy enum value set: [YAML, JSON, TEXT]");
    }
    return format;
  }
}
