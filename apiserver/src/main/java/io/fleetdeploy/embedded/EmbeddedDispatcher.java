package io.fleetdeploy.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Fabric8 CRUD dispatcher plus what clients other than the operator need from the embedded API
 * server: access reviews (JOSDK's leader election asks whether it may use Leases before it takes
 * one; an embedded server has no RBAC, so the answer is yes; SubjectAccessReviews are answered from
 * an {@link AccessPolicy}, everything allowed unless a test says otherwise), the discovery
 * documents kubectl reads before anything else, server-side printing (Tables) for the custom
 * resources and Events, Event field selectors ({@code kubectl describe} finds an object's Events by
 * them), set-based label selectors in lists ({@code in}, {@code notin}: the store ignores them),
 * and optimistic concurrency on replaces and patches. Watches are its own {@link WatchStreams}
 * (each change becomes its event once for all watchers), and every write holds this dispatcher's
 * lock, so a watch opens between two changes.
 */
final class EmbeddedDispatcher extends KubernetesCrudDispatcher implements AutoCloseable {
  private static final String SELF_SUBJECT_RULES_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final String SUBJECT_ACCESS_REVIEWS =
      "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  private static final Pattern EVENTS = Pattern.compile("/api/v1(/namespaces/[^/]+)?/events");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiDiscovery discovery;
  private final ApiWrites writes;
  private volatile WriteGate gate = WriteGate.OPEN;
  private volatile AccessPolicy access = AccessPolicy.ALLOW_ALL;
  private final WatchStreams watches = new WatchStreams(context.getMapper(), this, this::stored);

  /** Texts and what they parse to. */
  private record Parsed(String patchText, JsonNode patch, String objectText, JsonNode object) {}

  /**
   * The JSON patch being applied and the object it applies to, as {@link #patch} parsed them to
   * check the patch applies, so the store's patch handler does not parse 100s of KB again. Set and
   * cleared under this dispatcher's lock, around one patch.
   */
  private Parsed parsed;

  EmbeddedDispatcher(ApiDiscovery discovery, ApiWrites writes) {
    this.discovery = discovery;
    this.writes = writes;
  }

  @Override
  public void close() {
    watches.close();
  }

  /** Every stored object by its attributes; call with writes excluded. */
  private List<Map.Entry<AttributeSet, String>> stored() {
    synchronized (map) {
      return List.copyOf(map.entrySet());
    }
  }

  /**
   * A watch, answered by {@link WatchStreams}: what the path selects, and the object named by a
   * {@code metadata.name} field selector, as the store reads a watch path.
   */
  @Override
  public MockResponse handleWatch(String path) {
    AttributeSet query = attributeExtractor.fromPath(path);
    String name = watchedName(path);
    if (name != null) {
      query = query.add(new Attribute("name", name));
    }
    return watches.watch(query);
  }

  /** The name a {@code metadata.name=…} field selector asks for, or null. */
  private static String watchedName(String path) {
    return query(path, "fieldSelector").stream()
        .flatMap(selector -> java.util.Arrays.stream(selector.split(",")))
        .map(String::trim)
        .filter(term -> term.startsWith("metadata.name="))
        .map(term -> term.substring("metadata.name=".length()))
        .filter(name -> !name.isEmpty())
        .reduce((first, last) -> last)
        .orElse(null);
  }

  /**
   * A change the store makes (create, replace, patch, delete): stored by the store, then told to
   * the watches once.
   */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (!Objects.equals(existing, newState)) {
      watches.changed(
          oldAttributes,
          existing,
          newState == null ? null : keyOf(pathAttributes, resource, newState),
          newState);
    }
  }

  /**
   * The attributes the store just filed this very text under: first the key the store computes (its
   * resource's attributes, merged with the path's unless they name the plural), then, should the
   * store have filed it otherwise, a scan of the store (every write would otherwise scan it all,
   * thousands of objects in a long test suite or demo).
   */
  @SuppressWarnings("ReferenceEquality") // the object the store put, not an equal one
  private AttributeSet keyOf(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String state) {
    AttributeSet key =
        resource != null && attributeExtractor instanceof KubernetesAttributesExtractor kubernetes
            ? kubernetes.extract(resource)
            : attributeExtractor.fromResource(state);
    if (!key.containsKey("plural")) {
      key = AttributeSet.merge(pathAttributes, key);
    }
    synchronized (map) {
      if (map.get(key) == state) {
        return key;
      }
      for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
        if (entry.getValue() == state) {
          return entry.getKey();
        }
      }
    }
    return null;
  }

  @Override
  public JsonNode asNode(String resourceBody) throws KubernetesCrudDispatcherException {
    Parsed known = parsed;
    if (known != null && resourceBody.equals(known.patchText())) {
      return known.patch();
    }
    if (known != null && resourceBody.equals(known.objectText())) {
      return known.object();
    }
    return super.asNode(resourceBody);
  }

  void gate(WriteGate gate) {
    this.gate = gate;
  }

  void access(AccessPolicy access) {
    this.access = access;
  }

  /**
   * A replace gets a new resourceVersion when it changed the object. The mock decides that by
   * computing a JSON patch between the two, whose longest-common-subsequence over arrays is
   * quadratic: replacing a status with a 10,000-entry list blocked the server for minutes. Deep
   * equality answers the same question in one pass.
   */
  @Override
  public void touchResourceVersion(JsonNode currentResource, JsonNode updatedResource) {
    if (!currentResource.equals(updatedResource)) {
      ((ObjectNode) updatedResource.get("metadata"))
          .put("resourceVersion", String.valueOf(requestResourceVersion()));
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    boolean write = !"GET".equals(request.getMethod());
    if (write && !gate.admit(request.getMethod(), request.getPath())) {
      return json(
          503,
          """
          {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503,
           "message":"the write gate refused this write"}""");
    }
    MockResponse response = serve(request);
    if (write && response.code() < 400) {
      gate.written(request.getMethod(), request.getPath());
    }
    return response;
  }

  private MockResponse serve(RecordedRequest request) {
    String path = request.getPath();
    if ("POST".equals(request.getMethod()) && path.startsWith(SELF_SUBJECT_RULES_REVIEWS)) {
      return json(
          201,
          """
          {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
           "metadata":{},"spec":{},
           "status":{"incomplete":false,
                     "resourceRules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]}],
                     "nonResourceRules":[{"verbs":["*"],"nonResourceURLs":["*"]}]}}""");
    }
    if ("POST".equals(request.getMethod()) && path.startsWith(SUBJECT_ACCESS_REVIEWS)) {
      return subjectAccessReview(request);
    }
    if (!"GET".equals(request.getMethod())) {
      writes.record(path, request.getBody() == null ? 0 : request.getBody().size());
    }
    if ("PUT".equals(request.getMethod())) {
      synchronized (this) {
        MockResponse conflict = staleWrite(request);
        return conflict != null ? conflict : super.dispatch(request);
      }
    }
    if ("PATCH".equals(request.getMethod())) {
      // Under the same lock as a replace's check-then-write, so neither lands between the two.
      synchronized (this) {
        return patch(request);
      }
    }
    boolean watch = query(path, "watch").filter("true"::equals).isPresent();
    Optional<String> setBased =
        "GET".equals(request.getMethod())
            ? query(path, "labelSelector").filter(LabelSelector::isSetBased)
            : Optional.empty();
    if (watch && setBased.isPresent()) {
      // The store would ignore the requirement and stream every object: refuse instead.
      return badRequest(
          "the embedded API server applies set-based label selectors (in, notin) to lists only,"
              + " not to watches: "
              + setBased.get());
    }
    if (!"GET".equals(request.getMethod())) {
      synchronized (this) {
        return super.dispatch(request);
      }
    }
    if (watch) {
      return super.dispatch(request);
    }
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Optional<String> document = discovery.document(bare, request.getHeader("Host"));
    if (document.isPresent()) {
      return json(200, document.get());
    }
    if (bare.startsWith("/openapi/")) {
      // Without this the CRUD store would answer with a List; a 404 makes kubectl skip client-side
      // schemas.
      return json(
          404,
          """
          {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,
           "message":"the embedded API server publishes no OpenAPI documents"}""");
    }
    boolean events = EVENTS.matcher(bare).matches();
    Optional<List<TableColumn>> columns =
        events
            ? Optional.of(EventColumns.all())
            : discovery.resourceOf(bare).map(EmbeddedDispatcher::columnsOf);
    String accept = request.getHeader("Accept");
    boolean table = columns.isPresent() && accept != null && accept.contains("as=Table");
    Optional<String> selector =
        events ? query(path, "fieldSelector").filter(s -> !s.isBlank()) : Optional.empty();
    if (!table && !events && setBased.isEmpty()) {
      return super.dispatch(request);
    }
    String listPath = selector.isPresent() ? withoutParameter(path, "fieldSelector") : path;
    listPath = setBased.isPresent() ? withoutParameter(listPath, "labelSelector") : listPath;
    MockResponse response = listPath.equals(path) ? super.dispatch(request) : handleGet(listPath);
    if (response.code() != 200) {
      return response;
    }
    try {
      String body = response.getBody().readUtf8();
      if (setBased.isPresent()) {
        body = selected(body, LabelSelector.parse(setBased.get()));
      }
      if (events) {
        body = eventList(body, selector.map(FieldSelector::parse));
      }
      if (table) {
        body =
            new ServerSideTable(columns.get())
                .render(body, query(path, "includeObject").orElse("Metadata"), Instant.now());
      }
      return json(200, body);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return badRequest(e.getMessage());
    }
  }

  private static MockResponse badRequest(String message) {
    return json(
        400,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"BadRequest\","
            + "\"code\":400,\"message\":"
            + JSON.getNodeFactory().textNode(message)
            + "}");
  }

  /** The list's items that the label selector selects. */
  private static String selected(String body, LabelSelector selector)
      throws JsonProcessingException {
    JsonNode list = JSON.readTree(body);
    if (!list.has("items")) {
      return body;
    }
    ArrayNode kept = JSON.createArrayNode();
    list.get("items")
        .forEach(
            item -> {
              if (selector.matches(item)) {
                kept.add(item);
              }
            });
    ((ObjectNode) list).set("items", kept);
    return list.toString();
  }

  /**
   * Answers a SubjectAccessReview (a review is never stored, as on a real API server) from the
   * access policy. Only resourceAttributes are understood; a review without them is not allowed.
   */
  private MockResponse subjectAccessReview(RecordedRequest request) {
    JsonNode review;
    try {
      review = JSON.readTree(request.getBody().getBytes());
    } catch (java.io.IOException e) {
      return json(
          400,
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"BadRequest\","
              + "\"code\":400,\"message\":\"the SubjectAccessReview is not JSON\"}");
    }
    JsonNode spec = review.path("spec");
    JsonNode attributes = spec.path("resourceAttributes");
    boolean allowed = false;
    String reason;
    if (attributes.isMissingNode() || spec.path("user").asText("").isEmpty()) {
      reason = "the embedded API server reviews only resourceAttributes of a named user";
    } else {
      List<String> groups = new ArrayList<>();
      spec.path("groups").forEach(g -> groups.add(g.asText()));
      allowed =
          access.allowed(
              new AccessPolicy.Request(
                  spec.path("user").asText(),
                  groups,
                  attributes.path("verb").asText(""),
                  attributes.path("group").asText(""),
                  attributes.path("resource").asText(""),
                  attributes.path("namespace").asText(""),
                  attributes.path("name").asText("")));
      reason = allowed ? "allowed by the embedded API server's access policy" : "";
    }
    ObjectNode answer =
        review.isObject() ? ((ObjectNode) review).deepCopy() : JSON.createObjectNode();
    answer.put("apiVersion", "authorization.k8s.io/v1");
    answer.put("kind", "SubjectAccessReview");
    ObjectNode status = answer.putObject("status");
    status.put("allowed", allowed);
    if (!reason.isEmpty()) {
      status.put("reason", reason);
    }
    return json(201, answer.toString());
  }

  private static List<TableColumn> columnsOf(ApiDiscovery.ServedResource resource) {
    List<TableColumn> columns = new ArrayList<>();
    columns.add(TableColumn.nameColumn());
    if (resource.definition().getAdditionalPrinterColumns() != null) {
      resource
          .definition()
          .getAdditionalPrinterColumns()
          .forEach(c -> columns.add(TableColumn.of(c)));
    }
    return columns;
  }

  /**
   * The store answers lists as kind List; kubectl's typed Event client (describe) needs EventList,
   * and the selector applied.
   */
  private static String eventList(String body, Optional<FieldSelector> selector)
      throws JsonProcessingException {
    JsonNode list = JSON.readTree(body);
    if (!list.has("items")) {
      return body;
    }
    ArrayNode kept = JSON.createArrayNode();
    list.get("items")
        .forEach(
            item -> {
              if (selector.isEmpty() || selector.get().matches(item)) {
                kept.add(item);
              }
            });
    ((ObjectNode) list).put("kind", "EventList");
    ((ObjectNode) list).set("items", kept);
    return list.toString();
  }

  private static Optional<String> query(String path, String parameter) {
    int start = path.indexOf('?');
    if (start < 0) {
      return Optional.empty();
    }
    for (String pair : path.substring(start + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(parameter)) {
        return Optional.of(
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static String withoutParameter(String path, String parameter) {
    int start = path.indexOf('?');
    if (start < 0) {
      return path;
    }
    String rest =
        java.util.Arrays.stream(path.substring(start + 1).split("&"))
            .filter(pair -> !pair.equals(parameter) && !pair.startsWith(parameter + "="))
            .collect(Collectors.joining("&"));
    return path.substring(0, start) + (rest.isEmpty() ? "" : "?" + rest);
  }

  /**
   * Optimistic concurrency, as a real API server has it and the Fabric8 mock does not: a replace
   * (PUT, of an object or its status) that names a resourceVersion other than the stored one is a
   * 409 Conflict. The controllers rely on it to discard writes computed from a stale copy.
   */
  private MockResponse staleWrite(RecordedRequest request) {
    String sent;
    try {
      // getBytes() leaves the body for the CRUD dispatcher to read (readUtf8() would consume it).
      sent =
          JSON.readTree(request.getBody().getBytes())
              .path("metadata")
              .path("resourceVersion")
              .asText("");
    } catch (java.io.IOException e) {
      return null;
    }
    if (sent.isEmpty()) {
      return null;
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    String objectPath = (query < 0 ? path : path.substring(0, query)).replaceAll("/status$", "");
    String current = storedObject(objectPath);
    if (current == null) {
      return null;
    }
    String stored;
    try {
      stored = JSON.readTree(current).path("metadata").path("resourceVersion").asText("");
    } catch (java.io.IOException e) {
      return null;
    }
    if (stored.equals(sent)) {
      return null;
    }
    return json(
        409,
        """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
         "message":"Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again",
         "reason":"Conflict","code":409}""");
  }

  /**
   * A patch as a real API server answers it: the CRUD store applies it (JSON Patch, merge patch) to
   * the stored object and, when the patched object names a resourceVersion other than the stored
   * one (the patch set {@code metadata.resourceVersion}), refuses it with 409 Conflict, the
   * precondition the status writes rely on. A JSON Patch that does not apply to the object as it is
   * (an operation on a path that is not there, a failed {@code test}) is 422 Unprocessable Entity,
   * as kube-apiserver answers it: the store would instead create the missing parents as empty
   * objects and store the result.
   */
  private MockResponse patch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (type != null && type.startsWith("application/json-patch+json")) {
      String path = request.getPath();
      int query = path.indexOf('?');
      String objectPath = (query < 0 ? path : path.substring(0, query)).replaceAll("/status$", "");
      String current = storedObject(objectPath);
      if (current != null) {
        byte[] patchBytes = request.getBody().getBytes();
        try {
          JsonNode patch = JSON.readTree(patchBytes);
          JsonNode object = JSON.readTree(current);
          // Applies to a copy: the parsed patch and object stay as read, for the store.
          JsonPatch.apply(patch, object);
          parsed =
              new Parsed(new String(patchBytes, StandardCharsets.UTF_8), patch, current, object);
        } catch (java.io.IOException | RuntimeException e) {
          return unprocessable("the JSON patch does not apply to the object: " + e.getMessage());
        }
      }
    }
    try {
      return super.dispatch(request);
    } finally {
      parsed = null;
    }
  }

  /**
   * The stored text of the object at this path (as a GET answers it), or null when there is none. A
   * named object is looked up in the store directly, without a GET's response around it (the caller
   * holds this dispatcher's lock, so no write is under way).
   */
  private String storedObject(String objectPath) {
    AttributeSet key = getKey(objectPath);
    if (!key.containsKey(KubernetesAttributesExtractor.NAME)) {
      MockResponse listed = super.handleGet(objectPath);
      return listed.code() == 200 ? listed.getBody().readUtf8() : null;
    }
    Map.Entry<AttributeSet, String> entry = findResource(key);
    return entry == null ? null : entry.getValue();
  }

  private static MockResponse unprocessable(String message) {
    return json(
        422,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"reason\":\"Invalid\",\"code\":422,\"message\":"
            + JSON.getNodeFactory().textNode(message)
            + "}");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
