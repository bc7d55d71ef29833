package io.fleetdeploy.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents a Kubernetes API server publishes, derived from the CRDs the embedded
 * server holds, so that {@code kubectl --server URL get fleetdeploy} (categories, short names,
 * kinds) works against it as against a cluster. Only what the embedded server really stores is
 * announced: the CRDs' groups, CustomResourceDefinitions themselves, and the core resources the
 * operator writes (events) or kubectl asks about (namespaces).
 */
final class ApiDiscovery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  static final String KUBERNETES_VERSION = "v1.32.0";

  /** One resource kind served at one group version. */
  record ServedResource(
      String group,
      String version,
      CustomResourceDefinitionNames names,
      boolean namespaced,
      CustomResourceDefinitionVersion definition,
      boolean statusSubresource) {}

  private final Map<String, List<ServedResource>> byGroupVersion = new LinkedHashMap<>();

  ApiDiscovery(List<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (Boolean.FALSE.equals(version.getServed())) {
          continue;
        }
        String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
        byGroupVersion
            .computeIfAbsent(groupVersion, k -> new ArrayList<>())
            .add(
                new ServedResource(
                    crd.getSpec().getGroup(),
                    version.getName(),
                    crd.getSpec().getNames(),
                    "Namespaced".equals(crd.getSpec().getScope()),
                    version,
                    version.getSubresources() != null
                        && version.getSubresources().getStatus() != null));
      }
    }
  }

  /** The discovery document at this path (without query), if it is one. */
  Optional<String> document(String path, String serverAddress) {
    return switch (path) {
      case "/version" -> Optional.of(version());
      case "/api" -> Optional.of(coreVersions(serverAddress));
      case "/api/v1" -> Optional.of(coreResources());
      case "/apis" -> Optional.of(groups());
      case "/apis/apiextensions.k8s.io/v1" -> Optional.of(crdResources());
      default ->
          path.startsWith("/apis/") && byGroupVersion.containsKey(path.substring("/apis/".length()))
              ? Optional.of(groupVersion(path.substring("/apis/".length())))
              : Optional.empty();
    };
  }

  /**
   * The custom resource a request path addresses ({@code /apis/g/v[/namespaces/ns]/plural[/name]}),
   * if any.
   */
  Optional<ServedResource> resourceOf(String path) {
    String[] parts = path.split("/");
    // "", "apis", group, version, then either plural[/name] or namespaces/ns/plural[/name]
    if (parts.length < 5 || !"apis".equals(parts[1])) {
      return Optional.empty();
    }
    List<ServedResource> served = byGroupVersion.get(parts[2] + "/" + parts[3]);
    if (served == null) {
      return Optional.empty();
    }
    int pluralAt = "namespaces".equals(parts[4]) && parts.length >= 7 ? 6 : 4;
    if (parts.length > pluralAt + 2) {
      return Optional.empty(); // a subresource such as /status
    }
    String plural = parts[pluralAt];
    return served.stream().filter(r -> r.names().getPlural().equals(plural)).findFirst();
  }

  private static String version() {
    ObjectNode v = JSON.createObjectNode();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", KUBERNETES_VERSION + "+fleetdeploy-embedded");
    v.put("gitCommit", "");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "1970-01-01T00:00:00Z");
    v.put("goVersion", "none (Fabric8 mock API server in Java)");
    v.put("compiler", "none");
    v.put("platform", "java/" + System.getProperty("os.arch"));
    return v.toString();
  }

  private static String coreVersions(String serverAddress) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    ObjectNode address = doc.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return doc.toString();
  }

  private static String coreResources() {
    ObjectNode doc = resourceList("v1");
    ArrayNode resources = (ArrayNode) doc.get("resources");
    resources.add(resource("events", "event", "Event", true, ALL_VERBS, List.of("ev"), List.of()));
    resources.add(
        resource(
            "namespaces",
            "namespace",
            "Namespace",
            false,
            List.of("create", "delete", "get", "list", "patch", "update", "watch"),
            List.of("ns"),
            List.of()));
    return doc.toString();
  }

  private static String crdResources() {
    ObjectNode doc = resourceList("apiextensions.k8s.io/v1");
    ((ArrayNode) doc.get("resources"))
        .add(
            resource(
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                false,
                ALL_VERBS,
                List.of("crd", "crds"),
                List.of("api-extensions")));
    return doc.toString();
  }

  private String groups() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    versionsByGroup.put("apiextensions.k8s.io", List.of("v1"));
    byGroupVersion
        .values()
        .forEach(
            list ->
                list.forEach(
                    r -> versionsByGroup.computeIfAbsent(r.group(), g -> new ArrayList<>())));
    byGroupVersion
        .values()
        .forEach(
            list ->
                list.forEach(
                    r -> {
                      List<String> versions = versionsByGroup.get(r.group());
                      if (!versions.contains(r.version())) {
                        versions.add(r.version());
                      }
                    }));
    versionsByGroup.forEach(
        (group, versions) -> {
          ObjectNode g = groups.addObject();
          g.put("name", group);
          ArrayNode list = g.putArray("versions");
          versions.forEach(
              v -> {
                ObjectNode entry = list.addObject();
                entry.put("groupVersion", group + "/" + v);
                entry.put("version", v);
              });
          ObjectNode preferred = g.putObject("preferredVersion");
          preferred.put("groupVersion", group + "/" + versions.get(0));
          preferred.put("version", versions.get(0));
        });
    return doc.toString();
  }

  private String groupVersion(String groupVersion) {
    ObjectNode doc = resourceList(groupVersion);
    ArrayNode resources = (ArrayNode) doc.get("resources");
    for (ServedResource r : byGroupVersion.get(groupVersion)) {
      CustomResourceDefinitionNames names = r.names();
      resources.add(
          resource(
              names.getPlural(),
              names.getSingular(),
              names.getKind(),
              r.namespaced(),
              ALL_VERBS,
              names.getShortNames() == null ? List.of() : names.getShortNames(),
              names.getCategories() == null ? List.of() : names.getCategories()));
      if (r.statusSubresource()) {
        resources.add(
            resource(
                names.getPlural() + "/status",
                "",
                names.getKind(),
                r.namespaced(),
                STATUS_VERBS,
                List.of(),
                List.of()));
      }
    }
    return doc.toString();
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", groupVersion);
    doc.putArray("resources");
    return doc;
  }

  private static ObjectNode resource(
      String name,
      String singular,
      String kind,
      boolean namespaced,
      List<String> verbs,
      List<String> shortNames,
      List<String> categories) {
    ObjectNode r = JSON.createObjectNode();
    r.put("name", name);
    r.put("singularName", singular);
    r.put("namespaced", namespaced);
    r.put("kind", kind);
    verbs.forEach(r.putArray("verbs")::add);
    if (!shortNames.isEmpty()) {
      shortNames.forEach(r.putArray("shortNames")::add);
    }
    if (!categories.isEmpty()) {
      categories.forEach(r.putArray("categories")::add);
    }
    return r;
  }
}
