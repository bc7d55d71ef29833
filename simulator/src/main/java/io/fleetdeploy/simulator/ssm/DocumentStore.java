package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SSM documents and their versions: the built-in AWS-RunShellScript plus documents created through
 * the API, with SSM's version arithmetic ($DEFAULT, $LATEST, numbers) and error codes.
 */
final class DocumentStore {
  static final String RUN_SHELL_SCRIPT = "AWS-RunShellScript";

  /** SSM: a document, including the parameter values of a command, is at most 64 KB. */
  static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-.]{3,128}");

  /** The content of AWS-RunShellScript, as Amazon publishes it (schema 1.2). */
  static final String RUN_SHELL_SCRIPT_CONTENT =
      """
      {
        "schemaVersion": "1.2",
        "description": "Run a shell script or specify the commands to run.",
        "parameters": {
          "commands": {
            "type": "StringList",
            "description": "(Required) Specify a shell script or a command to run.",
            "minItems": 1,
            "displayType": "textarea"
          },
          "workingDirectory": {
            "type": "String",
            "default": "",
            "description": "(Optional) The path to the working directory on your instance.",
            "maxChars": 4096
          },
          "executionTimeout": {
            "type": "String",
            "default": "3600",
            "description": "(Optional) The time in seconds for a command to complete before it is considered to have failed. Default is 3600 (1 hour). Maximum is 172800 (48 hours).",
            "allowedPattern": "([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800)"
          }
        },
        "runtimeConfig": {
          "aws:runShellScript": {
            "properties": [
              {
                "id": "0.aws:runShellScript",
                "runCommand": "{{ commands }}",
                "workingDirectory": "{{ workingDirectory }}",
                "timeoutSeconds": "{{ executionTimeout }}"
              }
            ]
          }
        }
      }
      """;

  private static final class Entry {
    final List<DocumentVersion> versions = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    int defaultVersion = 1;

    DocumentVersion latest() {
      return versions.get(versions.size() - 1);
    }
  }

  private final Map<String, Entry> documents = new LinkedHashMap<>();
  private final String accountId;

  DocumentStore(String accountId, Instant now) {
    this.accountId = accountId;
    Entry builtIn = new Entry();
    builtIn.versions.add(
        version(
            RUN_SHELL_SCRIPT,
            1,
            null,
            null,
            RUN_SHELL_SCRIPT_CONTENT,
            "JSON",
            now,
            "Amazon",
            "Command",
            "/AWS::EC2::Instance",
            DocumentParser.parse(RUN_SHELL_SCRIPT_CONTENT, "JSON")));
    documents.put(RUN_SHELL_SCRIPT, builtIn);
  }

  synchronized DocumentVersion create(
      String name,
      String content,
      String format,
      String documentType,
      String versionName,
      String displayName,
      String targetType,
      Map<String, String> tags,
      Instant now) {
    checkName(name);
    if (name.toLowerCase(java.util.Locale.ROOT).startsWith("aws")
        || name.toLowerCase(java.util.Locale.ROOT).startsWith("amazon")
        || name.toLowerCase(java.util.Locale.ROOT).startsWith("amzn")) {
      throw ApiException.badRequest(
          "ValidationException",
          "Document name '"
              + name
              + "' is reserved: names cannot begin with 'aws', 'amazon' or 'amzn'.");
    }
    if (documents.containsKey(name)) {
      throw ApiException.badRequest(
          "DocumentAlreadyExists", "Document with same name " + name + " already exists");
    }
    String type = documentType == null ? "Command" : documentType;
    if (!"Command".equals(type)) {
      throw ApiException.badRequest(
          "InvalidDocumentType",
          "The simulator supports Command documents only, not DocumentType " + type + ".");
    }
    checkSize(content);
    String fmt = format == null ? "JSON" : format;
    DocumentModel model = DocumentParser.parse(content, fmt);
    Entry entry = new Entry();
    entry.tags.putAll(tags);
    entry.versions.add(
        version(
            name,
            1,
            versionName,
            displayName,
            content,
            fmt,
            now,
            accountId,
            type,
            targetType,
            model));
    documents.put(name, entry);
    return entry.latest();
  }

  synchronized DocumentVersion update(
      String name,
      String content,
      String format,
      String documentVersion,
      String versionName,
      String displayName,
      String targetType,
      Instant now) {
    Entry entry = requireOwned(name);
    if (documentVersion != null
        && !documentVersion.equals("$LATEST")
        && !documentVersion.equals(String.valueOf(entry.latest().version()))) {
      throw ApiException.badRequest(
          "InvalidDocumentVersion",
          "The document version "
              + documentVersion
              + " is not the latest version of "
              + name
              + " ("
              + entry.latest().version()
              + "): update $LATEST.");
    }
    checkSize(content);
    String fmt = format == null ? "JSON" : format;
    DocumentModel model = DocumentParser.parse(content, fmt);
    for (DocumentVersion v : entry.versions) {
      if (v.content().equals(content)) {
        throw ApiException.badRequest(
            "DuplicateDocumentContent",
            "The content of the association document matches another document. Change the content of the"
                + " document and try again.");
      }
      if (versionName != null && versionName.equals(v.versionName())) {
        throw ApiException.badRequest(
            "DuplicateDocumentVersionName",
            "The version name "
                + versionName
                + " is already used by version "
                + v.version()
                + " of "
                + name
                + ".");
      }
    }
    DocumentVersion latest = entry.latest();
    DocumentVersion next =
        version(
            name,
            latest.version() + 1,
            versionName,
            displayName != null ? displayName : latest.displayName(),
            content,
            fmt,
            now,
            latest.owner(),
            latest.documentType(),
            targetType != null ? targetType : latest.targetType(),
            model);
    entry.versions.add(next);
    return next;
  }

  synchronized DocumentVersion setDefaultVersion(String name, String documentVersion) {
    Entry entry = requireOwned(name);
    DocumentVersion v = resolveIn(entry, name, documentVersion, null);
    entry.defaultVersion = v.version();
    return v;
  }

  /** Deletes a document, or one version of it (never the default version). */
  synchronized void delete(String name, String documentVersion, String versionName) {
    Entry entry = requireOwned(name);
    if (documentVersion == null && versionName == null) {
      documents.remove(name);
      return;
    }
    DocumentVersion v = resolveIn(entry, name, documentVersion, versionName);
    if (v.version() == entry.defaultVersion) {
      throw ApiException.badRequest(
          "InvalidDocumentOperation",
          "Version "
              + v.version()
              + " is the default version of "
              + name
              + " and cannot be deleted on its own.");
    }
    entry.versions.remove(v);
  }

  /**
   * A version by number, $DEFAULT, $LATEST or version name; the default version when neither is
   * given.
   */
  synchronized DocumentVersion resolve(
      String nameOrArn, String documentVersion, String versionName) {
    String name = nameOf(nameOrArn);
    Entry entry = documents.get(name);
    if (entry == null) {
      throw ApiException.badRequest(
          "InvalidDocument", "Document with name " + name + " does not exist.");
    }
    return resolveIn(entry, name, documentVersion, versionName);
  }

  synchronized int defaultVersion(String name) {
    return documents.get(nameOf(name)).defaultVersion;
  }

  synchronized int latestVersion(String name) {
    return documents.get(nameOf(name)).latest().version();
  }

  synchronized Map<String, String> tags(String name) {
    return Map.copyOf(requireOwned(name).tags);
  }

  synchronized void putTags(String name, Map<String, String> tags) {
    requireOwned(name).tags.putAll(tags);
  }

  synchronized void removeTags(String name, List<String> keys) {
    keys.forEach(requireOwned(name).tags::remove);
  }

  synchronized List<DocumentVersion> defaults() {
    List<DocumentVersion> out = new ArrayList<>();
    for (Entry entry : documents.values()) {
      entry.versions.stream()
          .filter(v -> v.version() == entry.defaultVersion)
          .findFirst()
          .ifPresent(out::add);
    }
    return out;
  }

  synchronized boolean exists(String name) {
    return documents.containsKey(name);
  }

  private DocumentVersion resolveIn(
      Entry entry, String name, String documentVersion, String versionName) {
    if (versionName != null) {
      return entry.versions.stream()
          .filter(v -> versionName.equals(v.versionName()))
          .findFirst()
          .orElseThrow(
              () ->
                  ApiException.badRequest(
                      "InvalidDocumentVersion",
                      "Document " + name + " has no version named " + versionName + "."));
    }
    if (documentVersion == null || documentVersion.equals("$DEFAULT")) {
      int wanted = entry.defaultVersion;
      return entry.versions.stream().filter(v -> v.version() == wanted).findFirst().orElseThrow();
    }
    if (documentVersion.equals("$LATEST")) {
      return entry.latest();
    }
    int number;
    try {
      number = Integer.parseInt(documentVersion);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "InvalidDocumentVersion",
          "The document version "
              + documentVersion
              + " is not valid: use a number, $DEFAULT or $LATEST.");
    }
    return entry.versions.stream()
        .filter(v -> v.version() == number)
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "InvalidDocumentVersion",
                    "Document " + name + " has no version " + documentVersion + "."));
  }

  private Entry requireOwned(String nameOrArn) {
    String name = nameOf(nameOrArn);
    Entry entry = documents.get(name);
    if (entry == null) {
      throw ApiException.badRequest(
          "InvalidDocument", "Document with name " + name + " does not exist.");
    }
    if ("Amazon".equals(entry.latest().owner())) {
      throw ApiException.badRequest(
          "InvalidDocumentOperation",
          "Document " + name + " is owned by Amazon and cannot be changed.");
    }
    return entry;
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "ValidationException",
          "1 validation error detected: Value '"
              + name
              + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:"
              + " ^[a-zA-Z0-9_\\-.]{3,128}$");
    }
  }

  private static void checkSize(String content) {
    if (content == null || content.isEmpty()) {
      throw ApiException.badRequest("InvalidDocumentContent", "The document content is empty.");
    }
    int bytes = content.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw ApiException.badRequest(
          "MaxDocumentSizeExceeded",
          "The document is "
              + bytes
              + " bytes; SSM documents are limited to "
              + MAX_DOCUMENT_BYTES
              + " bytes.");
    }
  }

  /** Accepts {@code arn:aws:ssm:region:account:document/Name} as well as a bare name. */
  static String nameOf(String nameOrArn) {
    if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
      int slash = nameOrArn.lastIndexOf('/');
      return slash < 0 ? nameOrArn : nameOrArn.substring(slash + 1);
    }
    return nameOrArn;
  }

  private static DocumentVersion version(
      String name,
      int number,
      String versionName,
      String displayName,
      String content,
      String format,
      Instant now,
      String owner,
      String type,
      String targetType,
      DocumentModel model) {
    return new DocumentVersion(
        name,
        number,
        versionName,
        displayName,
        content,
        format,
        digest("SHA-256", content),
        digest("SHA-1", content),
        now,
        owner,
        type,
        targetType,
        model);
  }

  static String digest(String algorithm, String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm)
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }
}
