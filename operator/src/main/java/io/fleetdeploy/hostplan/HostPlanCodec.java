package io.fleetdeploy.hostplan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.appspec.FileMapping;
import io.fleetdeploy.appspec.FileMode;
import io.fleetdeploy.appspec.HookScript;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.appspec.PermissionRule;
import io.fleetdeploy.appspec.PermissionType;
import io.fleetdeploy.appspec.SeLinuxContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of a host plan, which the runner reads with Python's {@code json} module: plain
 * data only, nothing in it is ever evaluated as shell code. Empty optional values are left out to
 * keep the plan small (it travels as an SSM parameter).
 */
public final class HostPlanCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HostPlanCodec() {}

  public static String toJson(HostPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", HostPlan.FORMAT_VERSION);
    root.put("deploymentId", plan.deploymentId());
    root.put("applicationName", plan.applicationName());
    root.put("deploymentGroupName", plan.deploymentGroupName());
    root.put("deploymentGroupId", plan.deploymentGroupId());
    root.set("revision", revision(plan.revision()));
    ArrayNode events = root.putArray("events");
    plan.events().forEach(events::add);
    ObjectNode hooks = root.putObject("hooks");
    new TreeMap<>(plan.hooks())
        .forEach((event, scripts) -> scripts(hooks.putArray(event.name()), scripts));
    // Custom events (fleetdeploy local --events) share the map: the runner looks scripts up by
    // name.
    plan.customHooks().forEach((event, scripts) -> scripts(hooks.putArray(event), scripts));
    root.set("install", install(plan.install()));
    root.put("ignoreApplicationStopFailures", plan.ignoreApplicationStopFailures());
    plan.part()
        .ifPresent(
            part -> {
              root.put("part", part.number());
              root.put("lastPart", part.last());
            });
    ObjectNode environment = root.putObject("environment");
    new TreeMap<>(plan.environment()).forEach(environment::put);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a host plan", e);
    }
  }

  private static void scripts(ArrayNode list, List<HookScript> scripts) {
    scripts.forEach(
        script -> {
          ObjectNode node = list.addObject();
          node.put("location", script.location());
          node.put("timeout", script.timeoutSeconds());
          script.runas().ifPresent(r -> node.put("runas", r));
        });
  }

  /** The plan as the runner's {@code --plan-base64} argument. */
  public static String toBase64(HostPlan plan) {
    return Base64.getEncoder().encodeToString(toJson(plan).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a plan back.
   *
   * @throws IllegalArgumentException naming the first field that is missing or wrong
   */
  public static HostPlan fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("host plan is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("host plan must be a JSON object");
    }
    int version = required(root, "formatVersion").asInt();
    if (version != HostPlan.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "host plan formatVersion " + version + " is not " + HostPlan.FORMAT_VERSION);
    }
    Map<LifecycleEvent, List<HookScript>> hooks = new EnumMap<>(LifecycleEvent.class);
    Map<String, List<HookScript>> customHooks = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = required(root, "hooks").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      List<HookScript> scripts = new ArrayList<>();
      for (JsonNode script : field.getValue()) {
        scripts.add(
            new HookScript(
                text(script, "location"),
                required(script, "timeout").asInt(),
                optionalText(script, "runas")));
      }
      LifecycleEvent.byName(field.getKey())
          .ifPresentOrElse(
              event -> hooks.put(event, List.copyOf(scripts)),
              () -> customHooks.put(field.getKey(), List.copyOf(scripts)));
    }
    List<String> events = new ArrayList<>();
    for (JsonNode name : required(root, "events")) {
      events.add(event(name.asText(), customHooks));
    }
    Map<String, String> environment = new TreeMap<>();
    required(root, "environment")
        .fields()
        .forEachRemaining(f -> environment.put(f.getKey(), f.getValue().asText()));
    return new HostPlan(
        text(root, "deploymentId"),
        text(root, "applicationName"),
        text(root, "deploymentGroupName"),
        text(root, "deploymentGroupId"),
        revisionOf(required(root, "revision")),
        List.copyOf(events),
        Map.copyOf(hooks),
        installOf(required(root, "install")),
        required(root, "ignoreApplicationStopFailures").asBoolean(),
        Map.copyOf(environment),
        Collections.unmodifiableMap(customHooks),
        Optional.ofNullable(root.get("part"))
            .map(part -> new PlanPart(part.asInt(), required(root, "lastPart").asBoolean())));
  }

  private static ObjectNode revision(Revision revision) {
    ObjectNode node = JSON.createObjectNode();
    node.put("location", revision.location());
    node.put("bundleType", revision.bundleType().wireName());
    node.put("sha256", revision.sha256());
    revision
        .s3()
        .ifPresent(
            s3 -> {
              ObjectNode s3Node = node.putObject("s3");
              s3Node.put("bucket", s3.bucket());
              s3Node.put("key", s3.key());
              s3.version().ifPresent(v -> s3Node.put("version", v));
              s3.etag().ifPresent(e -> s3Node.put("etag", e));
            });
    return node;
  }

  private static Revision revisionOf(JsonNode node) {
    String type = text(node, "bundleType");
    Optional<S3Location> s3 =
        Optional.ofNullable(node.get("s3"))
            .map(
                s ->
                    new S3Location(
                        text(s, "bucket"),
                        text(s, "key"),
                        optionalText(s, "version"),
                        optionalText(s, "etag")));
    return new Revision(
        text(node, "location"),
        BundleType.fromWireName(type)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "host plan revision.bundleType '" + type + "' is not zip, tar or tgz")),
        text(node, "sha256"),
        s3);
  }

  private static ObjectNode install(InstallStep install) {
    ObjectNode node = JSON.createObjectNode();
    node.put("fileExistsBehavior", install.fileExistsBehavior().name());
    ArrayNode files = node.putArray("files");
    install
        .files()
        .forEach(
            f -> files.addObject().put("source", f.source()).put("destination", f.destination()));
    ArrayNode permissions = node.putArray("permissions");
    for (PermissionRule rule : install.permissions()) {
      ObjectNode p = permissions.addObject();
      p.put("object", rule.object());
      p.put("pattern", rule.pattern());
      ArrayNode except = p.putArray("except");
      rule.except().forEach(except::add);
      rule.owner().ifPresent(o -> p.put("owner", o));
      rule.group().ifPresent(g -> p.put("group", g));
      rule.mode().ifPresent(m -> p.put("mode", m.octalDigits()));
      ArrayNode acls = p.putArray("acls");
      rule.acls().forEach(acls::add);
      rule.context()
          .ifPresent(
              c -> {
                ObjectNode context = p.putObject("context");
                c.user().ifPresent(u -> context.put("user", u));
                context.put("type", c.type());
                c.range().ifPresent(r -> context.put("range", r));
              });
      ArrayNode types = p.putArray("types");
      rule.types().stream().sorted().forEach(t -> types.add(t.yamlName()));
    }
    return node;
  }

  private static InstallStep installOf(JsonNode node) {
    List<FileMapping> files = new ArrayList<>();
    for (JsonNode f : required(node, "files")) {
      files.add(new FileMapping(text(f, "source"), text(f, "destination")));
    }
    List<PermissionRule> rules = new ArrayList<>();
    for (JsonNode p : required(node, "permissions")) {
      Set<PermissionType> types = EnumSet.noneOf(PermissionType.class);
      for (JsonNode t : required(p, "types")) {
        types.add(PermissionType.valueOf(t.asText().toUpperCase(java.util.Locale.ROOT)));
      }
      Optional<SeLinuxContext> context =
          Optional.ofNullable(p.get("context"))
              .map(
                  c ->
                      new SeLinuxContext(
                          optionalText(c, "user"), text(c, "type"), optionalText(c, "range")));
      rules.add(
          new PermissionRule(
              text(p, "object"),
              text(p, "pattern"),
              texts(required(p, "except")),
              optionalText(p, "owner"),
              optionalText(p, "group"),
              optionalText(p, "mode").map(FileMode::new),
              texts(required(p, "acls")),
              context,
              types));
    }
    String behavior = text(node, "fileExistsBehavior");
    return new InstallStep(
        List.copyOf(files), List.copyOf(rules), FileExistsBehavior.valueOf(behavior));
  }

  private static String event(String name, Map<String, List<HookScript>> customHooks) {
    if (LifecycleEvent.byName(name).isEmpty() && !customHooks.containsKey(name)) {
      throw new IllegalArgumentException(
          "host plan names an unknown lifecycle event '" + name + "'");
    }
    return name;
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("host plan is missing '" + field + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return required(node, field).asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return List.copyOf(texts);
  }
}
