package io.fleetdeploy.appspec;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an AppSpec the way the CodeDeploy agent does (YAML 1.1, unknown keys ignored, events in any
 * order, null events skipped) but validates the whole file and reports every problem with its line
 * and key path, and warns where the agent would silently do something surprising.
 */
public final class AppSpecParser {

  static final int EVENT_TIMEOUT_LIMIT_SECONDS = 3600;

  private static final List<String> TOP_LEVEL_KEYS =
      List.of("version", "os", "files", "file_exists_behavior", "permissions", "hooks");
  private static final List<String> SCRIPT_KEYS = List.of("location", "timeout", "runas", "sudo");
  private static final List<String> FILE_KEYS = List.of("source", "destination");
  private static final List<String> PERMISSION_KEYS =
      List.of("object", "pattern", "except", "owner", "group", "mode", "acls", "context", "type");
  // The agent reads the SELinux user from "name"; "user" is what people guess, so take both.
  private static final List<String> CONTEXT_KEYS = List.of("name", "user", "type", "range");
  private static final Set<String> RESERVED_EVENT_NAMES = Set.of("Start", "End");
  // What Ruby's String#to_i reads, as the agent turns a timeout into seconds: leading digits only.
  private static final Pattern LEADING_INTEGER =
      Pattern.compile("\\s*([-+]?\\d+(?:_\\d+)*).*", Pattern.DOTALL);
  private static final Pattern MINUTES_OR_HOURS =
      Pattern.compile(
          "\\s*\\d+\\s*(m|min|mins|minutes?|h|hr|hrs|hours?)\\s*", Pattern.CASE_INSENSITIVE);
  private static final int MAX_TEXT_CHARS = 1_000_000;

  private AppSpecParser() {}

  /** Parses an AppSpec on its own, without knowing which files its bundle holds. */
  public static AppSpecReport parse(String fileName, String yamlText) {
    return new Run(fileName, Optional.empty()).parse(yamlText);
  }

  /**
   * Parses an AppSpec against its bundle: a script or a {@code files} source the bundle lacks is an
   * error (the deployment would fail on every host).
   */
  public static AppSpecReport parse(String fileName, String yamlText, BundleListing bundle) {
    return parse(fileName, yamlText, bundle, false);
  }

  /**
   * As {@link #parse(String, String, BundleListing)}; {@code lenient} makes what the bundle lacks
   * warnings.
   */
  public static AppSpecReport parse(
      String fileName, String yamlText, BundleListing bundle, boolean lenient) {
    return new Run(fileName, Optional.of(bundle), lenient).parse(yamlText);
  }

  /** One parse: collects problems while walking the YAML node tree. */
  private static final class Run {
    private final String file;
    private final Optional<BundleListing> bundle;
    private final boolean lenient;
    private final List<Problem> problems = new ArrayList<>();

    Run(String file, Optional<BundleListing> bundle) {
      this(file, bundle, false);
    }

    Run(String file, Optional<BundleListing> bundle, boolean lenient) {
      this.file = file;
      this.bundle = bundle;
      this.lenient = lenient;
    }

    /** Something the bundle lacks: an error, or a warning when the check is lenient. */
    private void missing(int line, String path, String message) {
      if (lenient) {
        warning(line, path, message);
      } else {
        error(line, path, message + " (appspec check --lenient reports this as a warning)");
      }
    }

    AppSpecReport parse(String text) {
      if (text.length() > MAX_TEXT_CHARS) {
        error(1, "(document)", "the file is larger than " + MAX_TEXT_CHARS + " characters");
        return AppSpecReport.rejected(problems);
      }
      Node root;
      try {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        root = new Yaml(options).compose(new StringReader(text));
      } catch (MarkedYAMLException e) {
        int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        error(line, "(document)", "not valid YAML: " + context + e.getProblem());
        return AppSpecReport.rejected(problems);
      } catch (YAMLException e) {
        error(1, "(document)", "not valid YAML: " + e.getMessage());
        return AppSpecReport.rejected(problems);
      }
      if (root == null || isNull(root)) {
        error(
            1,
            "(document)",
            "the file is empty: an AppSpec needs at least 'version: 0.0' and 'os: linux'");
        return AppSpecReport.rejected(problems);
      }
      if (!(root instanceof MappingNode top)) {
        error(
            line(root),
            "(document)",
            "must be a mapping of keys (version, os, files, hooks, ...), found " + describe(root));
        return AppSpecReport.rejected(problems);
      }
      Map<String, NodeTuple> keys = keysOf(top, "");
      checkVersion(top, keys.get("version"));
      String os = checkOs(top, keys.get("os"));
      Map<String, List<HookScript>> otherHooks = new LinkedHashMap<>();
      Map<LifecycleEvent, List<HookScript>> hooks =
          parseHooks(valueOf(keys.get("hooks")), otherHooks);
      List<FileMapping> files = parseFiles(valueOf(keys.get("files")));
      List<PermissionRule> permissions = parsePermissions(valueOf(keys.get("permissions")));
      Optional<FileExistsBehavior> behavior =
          parseFileExistsBehavior(valueOf(keys.get("file_exists_behavior")));
      for (Map.Entry<String, NodeTuple> entry : keys.entrySet()) {
        if (!TOP_LEVEL_KEYS.contains(entry.getKey())) {
          warnUnknownTopLevelKey(entry.getKey(), line(entry.getValue().getKeyNode()));
        }
      }
      if (problems.stream().anyMatch(Problem::isError)) {
        return AppSpecReport.rejected(problems);
      }
      return new AppSpecReport(
          Optional.of(new AppSpec(os, files, behavior, permissions, hooks, otherHooks)), problems);
    }

    // ---- version and os

    private void checkVersion(MappingNode top, NodeTuple tuple) {
      if (tuple == null) {
        error(
            line(top),
            "version",
            "missing: add 'version: 0.0' (the only AppSpec version there is)");
        return;
      }
      Node value = tuple.getValueNode();
      String text = scalarText(value);
      boolean ok = false;
      if (text != null && (value.getTag().equals(Tag.FLOAT) || value.getTag().equals(Tag.INT))) {
        try {
          ok = new BigDecimal(text.replace("_", "")).signum() == 0;
        } catch (NumberFormatException e) {
          ok = false;
        }
      } else if (text != null && value.getTag().equals(Tag.STR)) {
        ok = text.equals("0.0");
        if (ok) {
          // The agent compares the loaded value with the number 0.0, so the text "0.0" fails there.
          warning(
              line(value),
              "version",
              "a quoted \"0.0\" is text, not the number 0.0: CodeDeploy's agent rejects"
                  + " it (unsupported version); fleetdeploy accepts it, but write version: 0.0 without quotes");
        }
      }
      if (!ok) {
        error(line(value), "version", "must be 0.0, found " + describe(value));
      }
    }

    private String checkOs(MappingNode top, NodeTuple tuple) {
      if (tuple == null) {
        error(line(top), "os", "missing: add 'os: linux'");
        return "";
      }
      Node value = tuple.getValueNode();
      String text = scalarText(value);
      if ("linux".equals(text)) {
        return text;
      }
      if ("windows".equals(text)) {
        error(
            line(value),
            "os",
            "windows is not supported yet: fleetdeploy deploys to Linux hosts only (os: linux)");
      } else if (text != null && text.trim().equalsIgnoreCase("linux")) {
        error(
            line(value),
            "os",
            "must be exactly 'linux' (the value is case-sensitive), found '" + text + "'");
      } else {
        error(line(value), "os", "must be 'linux', found " + describe(value));
      }
      return "";
    }

    // ---- hooks

    /** The scripts of lifecycle events; those under other names go to {@code otherHooks}. */
    private Map<LifecycleEvent, List<HookScript>> parseHooks(
        Node node, Map<String, List<HookScript>> otherHooks) {
      Map<LifecycleEvent, List<HookScript>> hooks = new EnumMap<>(LifecycleEvent.class);
      if (node == null || isNull(node)) {
        return hooks;
      }
      if (!(node instanceof MappingNode mapping)) {
        error(
            line(node),
            "hooks",
            "must be a mapping of lifecycle event names to lists of scripts, found "
                + describe(node));
        return hooks;
      }
      for (Map.Entry<String, NodeTuple> entry : keysOf(mapping, "hooks.").entrySet()) {
        String name = entry.getKey();
        String path = "hooks." + name;
        Node keyNode = entry.getValue().getKeyNode();
        Node value = entry.getValue().getValueNode();
        Optional<LifecycleEvent> event = LifecycleEvent.byName(name);
        if ((event.isPresent() && event.get().isSystemPerformed())
            || RESERVED_EVENT_NAMES.contains(name)) {
          warning(
              line(keyNode),
              path,
              name
                  + " is performed by the deployment system itself: scripts listed under it never run");
        } else if (event.isEmpty()) {
          // A near miss is a typo; anything else may be a custom event, which only local runs.
          String hint =
              ClosestName.among(scriptableEventNames(), name)
                  .map(known -> " (did you mean '" + known + "'?)")
                  .orElse(
                      " in a deployment (fleetdeploy local --events "
                          + name
                          + " runs them, as codedeploy-local"
                          + " does); the lifecycle events that run scripts are "
                          + String.join(", ", scriptableEventNames()));
          warning(
              line(keyNode),
              path,
              "'" + name + "' is not a lifecycle event, so its scripts never run" + hint);
        }
        long[] writtenTimeouts = {0};
        boolean runs = event.isPresent() && event.get().takesScripts();
        List<HookScript> scripts = parseScripts(path, value, writtenTimeouts, runs);
        // Only timeouts the author wrote count: two scripts without one are not a mistake.
        if (writtenTimeouts[0] > EVENT_TIMEOUT_LIMIT_SECONDS) {
          warning(
              line(keyNode),
              path,
              "the script timeouts add up to "
                  + writtenTimeouts[0]
                  + " s, more than the "
                  + EVENT_TIMEOUT_LIMIT_SECONDS
                  + " s CodeDeploy documents for one event;"
                  + " fleetdeploy runs them as written");
        }
        if (runs) {
          hooks.put(event.get(), List.copyOf(scripts));
        } else {
          otherHooks.put(name, List.copyOf(scripts));
        }
      }
      return hooks;
    }

    private List<HookScript> parseScripts(
        String path, Node value, long[] writtenTimeouts, boolean runs) {
      List<HookScript> scripts = new ArrayList<>();
      if (isNull(value)) {
        return scripts;
      }
      if (!(value instanceof SequenceNode sequence)) {
        error(
            line(value),
            path,
            "must be a list of scripts (each '- location: path/in/bundle'), found "
                + describe(value));
        return scripts;
      }
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        parseScript(path + "[" + i + "]", items.get(i), writtenTimeouts, runs)
            .ifPresent(scripts::add);
      }
      return scripts;
    }

    private Optional<HookScript> parseScript(
        String path, Node node, long[] writtenTimeouts, boolean runs) {
      if (!(node instanceof MappingNode mapping)) {
        error(
            line(node),
            path,
            "must be a mapping with a location (e.g. '- location: scripts/start.sh'), found "
                + describe(node));
        return Optional.empty();
      }
      Map<String, NodeTuple> keys = keysOf(mapping, path + ".");
      warnUnknownKeys(keys, SCRIPT_KEYS, path, "in a script entry");
      Optional<String> location =
          requiredBundlePath(
              mapping,
              keys.get("location"),
              path + ".location",
              "every script needs a location (a path inside the bundle)");
      int timeout = parseTimeout(keys.get("timeout"), path + ".timeout");
      if (valueOf(keys.get("timeout")) != null && !isNull(valueOf(keys.get("timeout")))) {
        writtenTimeouts[0] += timeout;
      }
      Optional<String> runas = optionalText(keys.get("runas"), path + ".runas");
      if (location.isEmpty() || location.get().isEmpty()) {
        if (location.isPresent()) {
          error(
              line(keys.get("location").getValueNode()),
              path + ".location",
              "must name a script file, not the bundle root");
        }
        return Optional.empty();
      }
      // Scripts of events that never run cannot be missing in a way that matters.
      bundle
          .filter(listing -> runs)
          .ifPresent(
              listing -> {
                if (!listing.hasFile(location.get())) {
                  String what =
                      listing.hasFileOrDirectory(location.get())
                          ? "is a directory"
                          : "is not in the bundle";
                  missing(
                      line(keys.get("location").getValueNode()),
                      path + ".location",
                      "script '"
                          + location.get()
                          + "' "
                          + what
                          + ": the event would fail with ScriptMissing");
                }
              });
      return Optional.of(new HookScript(location.get(), timeout, runas.filter(s -> !s.isEmpty())));
    }

    private int parseTimeout(NodeTuple tuple, String path) {
      Node value = valueOf(tuple);
      if (value == null || isNull(value)) {
        return HookScript.DEFAULT_TIMEOUT_SECONDS;
      }
      String text = scalarText(value);
      String problem = "must be a whole number of seconds above 0, found " + describe(value);
      if (text == null) {
        error(line(value), path, problem);
        return HookScript.DEFAULT_TIMEOUT_SECONDS;
      }
      try {
        if (value.getTag().equals(Tag.FLOAT)) {
          BigDecimal seconds = new BigDecimal(text.replace("_", ""));
          int whole = seconds.intValue();
          if (whole > 0) {
            warning(
                line(value),
                path,
                "timeout " + text + " is not whole: it counts as " + whole + " s");
            return whole;
          }
        } else if (value.getTag().equals(Tag.STR) && !text.trim().matches("[-+]?\\d+(_\\d+)*")) {
          return leadingDigitsTimeout(value, path, text, problem);
        } else {
          long seconds = Long.parseLong(text.trim().replace("_", ""));
          if (seconds > 0 && seconds <= Integer.MAX_VALUE) {
            return (int) seconds;
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      error(line(value), path, problem);
      return HookScript.DEFAULT_TIMEOUT_SECONDS;
    }

    /**
     * A timeout such as {@code 30s}: the agent turns it into seconds with Ruby's {@code to_i},
     * which reads the leading digits and ignores the rest, and refuses it only when that gives 0 or
     * less.
     */
    private int leadingDigitsTimeout(Node value, String path, String text, String problem) {
      Matcher digits = LEADING_INTEGER.matcher(text);
      long seconds =
          digits.matches()
              ? new BigDecimal(digits.group(1).replace("_", ""))
                  .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                  .longValue()
              : 0;
      if (seconds <= 0) {
        error(
            line(value),
            path,
            problem
                + " (CodeDeploy's agent reads it as "
                + Math.max(seconds, 0)
                + " and rejects it too)");
        return HookScript.DEFAULT_TIMEOUT_SECONDS;
      }
      Matcher unit = MINUTES_OR_HOURS.matcher(text);
      String notMeant = "";
      if (unit.matches()) {
        boolean hours = unit.group(1).toLowerCase(Locale.ROOT).startsWith("h");
        notMeant =
            ", not "
                + (hours ? "hours" : "minutes")
                + " (for "
                + seconds
                + (hours ? " hours" : " minutes")
                + " write timeout: "
                + seconds * (hours ? 3600 : 60)
                + ")";
      }
      warning(
          line(value),
          path,
          "timeout '"
              + text.trim()
              + "' is not a number: CodeDeploy's agent reads its"
              + " leading digits and gives the script "
              + seconds
              + " seconds"
              + notMeant
              + "; fleetdeploy does the same. Write the number of seconds (timeout: "
              + seconds
              + ")");
      return (int) seconds;
    }

    // ---- files

    private List<FileMapping> parseFiles(Node node) {
      List<FileMapping> files = new ArrayList<>();
      if (node == null || isNull(node)) {
        return files;
      }
      if (!(node instanceof SequenceNode sequence)) {
        error(
            line(node),
            "files",
            "must be a list of '- source: ... destination: ...' entries, found " + describe(node));
        return files;
      }
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        String path = "files[" + i + "]";
        Node item = items.get(i);
        if (!(item instanceof MappingNode mapping)) {
          error(
              line(item),
              path,
              "must be a mapping with source and destination, found " + describe(item));
          continue;
        }
        Map<String, NodeTuple> keys = keysOf(mapping, path + ".");
        for (Map.Entry<String, NodeTuple> entry : keys.entrySet()) {
          if (entry.getKey().equals("overwrite")) {
            warning(
                line(entry.getValue().getKeyNode()),
                path + ".overwrite",
                "CodeDeploy ignores 'overwrite' here; to replace files already on the host set"
                    + " 'file_exists_behavior: OVERWRITE' at the top level");
          } else if (!FILE_KEYS.contains(entry.getKey())) {
            warnUnknownKey(entry.getKey(), entry.getValue(), FILE_KEYS, path, "in a files entry");
          }
        }
        Optional<String> source =
            requiredBundlePath(
                mapping,
                keys.get("source"),
                path + ".source",
                "the path inside the bundle to copy ('/' for the whole bundle)");
        Optional<String> destination =
            requiredHostPath(
                mapping,
                keys.get("destination"),
                path + ".destination",
                "the absolute directory on the host to copy to");
        if (source.isPresent()
            && bundle.isPresent()
            && !bundle.get().hasFileOrDirectory(source.get())) {
          missing(
              line(keys.get("source").getValueNode()),
              path + ".source",
              "'" + source.get() + "' is not in the bundle: Install would fail");
        }
        if (source.isPresent() && destination.isPresent() && bundle.isPresent()) {
          for (String link : BundleRules.linksLeaving(bundle.get(), source.get())) {
            error(
                line(keys.get("source").getValueNode()),
                path + ".source",
                "the symbolic link "
                    + link
                    + " (to "
                    + bundle.get().symlinks().get(link)
                    + ") would point outside "
                    + destination.get()
                    + " once installed");
          }
        }
        if (source.isPresent() && destination.isPresent()) {
          files.add(new FileMapping(source.get(), destination.get()));
        }
      }
      return files;
    }

    // ---- permissions

    private List<PermissionRule> parsePermissions(Node node) {
      List<PermissionRule> rules = new ArrayList<>();
      if (node == null || isNull(node)) {
        return rules;
      }
      if (!(node instanceof SequenceNode sequence)) {
        error(
            line(node),
            "permissions",
            "must be a list of '- object: ...' entries, found " + describe(node));
        return rules;
      }
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        parsePermission("permissions[" + i + "]", items.get(i)).ifPresent(rules::add);
      }
      return rules;
    }

    private Optional<PermissionRule> parsePermission(String path, Node node) {
      if (!(node instanceof MappingNode mapping)) {
        error(line(node), path, "must be a mapping with an object, found " + describe(node));
        return Optional.empty();
      }
      Map<String, NodeTuple> keys = keysOf(mapping, path + ".");
      warnUnknownKeys(keys, PERMISSION_KEYS, path, "in a permissions entry");
      int errorsBefore = errorCount();
      Optional<String> object =
          requiredHostPath(
              mapping,
              keys.get("object"),
              path + ".object",
              "the installed file or directory the rule applies to");
      String pattern =
          optionalText(keys.get("pattern"), path + ".pattern").orElse(PermissionRule.ALL);
      List<String> except =
          textList(keys.get("except"), path + ".except", "e.g. except: [\"*.log\"]");
      Set<PermissionType> types = parseTypes(keys.get("type"), path + ".type");
      Optional<String> owner = optionalText(keys.get("owner"), path + ".owner");
      Optional<String> group = optionalText(keys.get("group"), path + ".group");
      Optional<FileMode> mode = parseMode(valueOf(keys.get("mode")), path + ".mode");
      List<String> acls = parseAcls(keys.get("acls"), path + ".acls");
      Optional<SeLinuxContext> context =
          parseContext(valueOf(keys.get("context")), path + ".context");
      if (errorCount() > errorsBefore || object.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new PermissionRule(
              object.get(), pattern, except, owner, group, mode, acls, context, types));
    }

    /** The entries in setfacl's long form, read with the agent's grammar (see {@link AclEntry}). */
    private List<String> parseAcls(NodeTuple tuple, String path) {
      List<String> texts = textList(tuple, path, "e.g. acls: [\"u:bob:rw\"]");
      List<String> entries = new ArrayList<>();
      for (int j = 0; j < texts.size(); j++) {
        try {
          entries.add(AclEntry.parse(texts.get(j)).longForm());
        } catch (IllegalArgumentException e) {
          Node item = ((SequenceNode) tuple.getValueNode()).getValue().get(j);
          error(line(item), path + "[" + j + "]", "'" + texts.get(j) + "' " + e.getMessage());
        }
      }
      return entries;
    }

    private Set<PermissionType> parseTypes(NodeTuple tuple, String path) {
      Node value = valueOf(tuple);
      if (value == null || isNull(value)) {
        return EnumSet.allOf(PermissionType.class);
      }
      if (!(value instanceof SequenceNode sequence)) {
        error(
            line(value),
            path,
            "must be a list such as [file] or [file, directory], found " + describe(value));
        return EnumSet.allOf(PermissionType.class);
      }
      Set<PermissionType> types = EnumSet.noneOf(PermissionType.class);
      List<Node> items = sequence.getValue();
      for (int j = 0; j < items.size(); j++) {
        String text = scalarText(items.get(j));
        Optional<PermissionType> type =
            Arrays.stream(PermissionType.values())
                .filter(t -> t.yamlName().equals(text))
                .findFirst();
        if (type.isPresent()) {
          types.add(type.get());
        } else {
          error(
              line(items.get(j)),
              path + "[" + j + "]",
              "must be 'file' or 'directory', found " + describe(items.get(j)));
        }
      }
      return types.isEmpty() ? EnumSet.allOf(PermissionType.class) : types;
    }

    private Optional<FileMode> parseMode(Node value, String path) {
      if (value == null || isNull(value)) {
        return Optional.empty();
      }
      String text = scalarText(value);
      if (text == null) {
        error(
            line(value),
            path,
            "must be a numeric mode such as 644 or \"0755\", found " + describe(value));
        return Optional.empty();
      }
      text = text.trim();
      if (value.getTag().equals(Tag.INT) && text.matches("0[0-7]+")) {
        return leadingZeroMode(value, path, text);
      }
      if ((value.getTag().equals(Tag.INT) || value.getTag().equals(Tag.STR))
          && text.matches("[0-9]+")) {
        if (text.length() > 4) {
          error(
              line(value),
              path,
              "mode "
                  + text
                  + " has more than 4 digits: a mode is at most 4 octal digits (e.g. 4755)");
        } else if (!text.matches("[0-7]+")) {
          error(
              line(value),
              path,
              "mode " + text + " has a digit above 7: modes are octal (e.g. 644, 755)");
        } else {
          return Optional.of(new FileMode(pad(text)));
        }
        return Optional.empty();
      }
      String hint =
          text.matches(".*[ugoa][+=-].*") ? " (symbolic modes such as u+x are not supported)" : "";
      error(
          line(value),
          path,
          "must be a numeric mode such as 644 or \"0755\", found " + describe(value) + hint);
      return Optional.empty();
    }

    /**
     * An unquoted {@code 0644} is an octal number in YAML 1.1: CodeDeploy's agent turns the number
     * back into decimal digits and applies those, which is never what the author meant.
     */
    private Optional<FileMode> leadingZeroMode(Node value, String path, String text) {
      String meant = text.replaceFirst("^0+(?=.)", "");
      if (meant.length() > 4) {
        error(line(value), path, "mode " + text + " has more than 4 octal digits");
        return Optional.empty();
      }
      meant = pad(meant);
      String decimal = Long.toString(Long.parseLong(text, 8));
      String codeDeploy =
          decimal.matches("[0-7]{1,4}")
              ? "CodeDeploy would apply mode " + pad(decimal) + " instead"
              : "CodeDeploy would reject it (it reads the number as "
                  + decimal
                  + ", not an octal mode)";
      warning(
          line(value),
          path,
          "unquoted "
              + text
              + " is an octal number in YAML (decimal "
              + decimal
              + "): fleetdeploy applies "
              + meant
              + " as you meant, but "
              + codeDeploy
              + "; write mode: "
              + meant
              + " or mode: \""
              + text
              + "\"");
      return Optional.of(new FileMode(meant));
    }

    private Optional<SeLinuxContext> parseContext(Node value, String path) {
      if (value == null || isNull(value)) {
        return Optional.empty();
      }
      if (!(value instanceof MappingNode mapping)) {
        error(
            line(value),
            path,
            "must be a mapping with type and optional user and range, found " + describe(value));
        return Optional.empty();
      }
      Map<String, NodeTuple> keys = keysOf(mapping, path + ".");
      warnUnknownKeys(keys, CONTEXT_KEYS, path, "in a context");
      Optional<String> type = optionalText(keys.get("type"), path + ".type");
      if (type.isEmpty()) {
        error(
            line(mapping),
            path + ".type",
            "missing: an SELinux context needs a type (e.g. httpd_sys_content_t)");
        return Optional.empty();
      }
      Optional<String> user =
          optionalText(keys.get("name"), path + ".name")
              .or(() -> optionalText(keys.get("user"), path + ".user"));
      Optional<String> range = optionalText(keys.get("range"), path + ".range");
      Optional<String> rangeProblem = range.flatMap(SeLinuxRange::problem);
      if (rangeProblem.isPresent()) {
        error(line(keys.get("range").getValueNode()), path + ".range", rangeProblem.get());
        return Optional.empty();
      }
      return Optional.of(new SeLinuxContext(user, type.get(), range));
    }

    // ---- file_exists_behavior

    private Optional<FileExistsBehavior> parseFileExistsBehavior(Node value) {
      if (value == null || isNull(value)) {
        return Optional.empty();
      }
      String text = scalarText(value);
      for (FileExistsBehavior behavior : FileExistsBehavior.values()) {
        if (behavior.name().equals(text)) {
          return Optional.of(behavior);
        }
      }
      String hint =
          text != null
                  && Arrays.stream(FileExistsBehavior.values())
                      .anyMatch(b -> b.name().equalsIgnoreCase(text.trim()))
              ? " (the value is case-sensitive: write it in capitals)"
              : "";
      error(
          line(value),
          "file_exists_behavior",
          "must be DISALLOW, OVERWRITE or RETAIN, found " + describe(value) + hint);
      return Optional.empty();
    }

    // ---- unknown keys

    private void warnUnknownTopLevelKey(String key, int line) {
      Optional<String> event =
          LifecycleEvent.byName(key)
              .map(Enum::name)
              .or(() -> ClosestName.among(scriptableEventNames(), key));
      if (event.isPresent()) {
        warning(
            line,
            key,
            "looks like the lifecycle event "
                + event.get()
                + " at the top level: scripts only run when listed under 'hooks:', so this never runs");
        return;
      }
      String hint =
          ClosestName.among(TOP_LEVEL_KEYS, key)
              .map(k -> " (did you mean '" + k + "'?)")
              .orElse("");
      warning(line, key, "unknown key, ignored" + hint);
    }

    private void warnUnknownKeys(
        Map<String, NodeTuple> keys, List<String> known, String path, String where) {
      for (Map.Entry<String, NodeTuple> entry : keys.entrySet()) {
        if (!known.contains(entry.getKey())) {
          warnUnknownKey(entry.getKey(), entry.getValue(), known, path, where);
        }
      }
    }

    private void warnUnknownKey(
        String key, NodeTuple tuple, List<String> known, String path, String where) {
      String hint =
          ClosestName.among(known, key).map(k -> " (did you mean '" + k + "'?)").orElse("");
      warning(
          line(tuple.getKeyNode()), path + "." + key, "unknown key " + where + ", ignored" + hint);
    }

    // ---- value helpers

    private Optional<String> requiredBundlePath(
        MappingNode parent, NodeTuple tuple, String path, String what) {
      Node value = valueOf(tuple);
      if (value == null || isNull(value)) {
        error(line(tuple == null ? parent : value), path, "missing: " + what);
        return Optional.empty();
      }
      String text = scalarText(value);
      if (text == null) {
        error(line(value), path, "must be a path, found " + describe(value));
        return Optional.empty();
      }
      Optional<String> normalized = BundlePaths.normalize(text.trim());
      if (normalized.isEmpty()) {
        error(line(value), path, "'" + text.trim() + "' points outside the bundle");
      }
      return normalized;
    }

    private Optional<String> requiredHostPath(
        MappingNode parent, NodeTuple tuple, String path, String what) {
      Node value = valueOf(tuple);
      if (value == null || isNull(value)) {
        error(line(tuple == null ? parent : value), path, "missing: " + what);
        return Optional.empty();
      }
      String text = scalarText(value);
      if (text == null) {
        error(
            line(value),
            path,
            "must be an absolute path on the host (e.g. /opt/app), found " + describe(value));
        return Optional.empty();
      }
      text = text.trim();
      if (text.startsWith("/")) {
        return Optional.of(text);
      }
      if (text.startsWith("~")) {
        error(
            line(value),
            path,
            "'"
                + text
                + "' is relative to a home directory, which depends on the user"
                + " CodeDeploy's agent runs as: write the absolute path (e.g. /home/app/site)");
        return Optional.empty();
      }
      String resolved = HostPaths.underRoot(text);
      warning(
          line(value),
          path,
          "'"
              + text
              + "' is relative: CodeDeploy's agent resolves it against its working"
              + " directory, which is / when it runs as its systemd service, giving "
              + resolved
              + "; fleetdeploy uses "
              + resolved
              + ". Write it absolute");
      return Optional.of(resolved);
    }

    private Optional<String> optionalText(NodeTuple tuple, String path) {
      Node value = valueOf(tuple);
      if (value == null || isNull(value)) {
        return Optional.empty();
      }
      String text = scalarText(value);
      if (text == null) {
        error(line(value), path, "must be a single value, found " + describe(value));
        return Optional.empty();
      }
      return Optional.of(text.trim());
    }

    private List<String> textList(NodeTuple tuple, String path, String example) {
      Node value = valueOf(tuple);
      if (value == null || isNull(value)) {
        return List.of();
      }
      if (!(value instanceof SequenceNode sequence)) {
        error(line(value), path, "must be a list (" + example + "), found " + describe(value));
        return List.of();
      }
      List<String> texts = new ArrayList<>();
      List<Node> items = sequence.getValue();
      for (int j = 0; j < items.size(); j++) {
        String text = scalarText(items.get(j));
        if (text == null || isNull(items.get(j))) {
          error(
              line(items.get(j)),
              path + "[" + j + "]",
              "must be a single value, found " + describe(items.get(j)));
        } else {
          texts.add(text.trim());
        }
      }
      return texts;
    }

    /**
     * The keys of a mapping by their text; a repeated key keeps its last value, as YAML loaders do.
     */
    private Map<String, NodeTuple> keysOf(MappingNode mapping, String pathPrefix) {
      Map<String, NodeTuple> keys = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = scalarText(tuple.getKeyNode());
        if (key == null) {
          warning(line(tuple.getKeyNode()), pathPrefix + "?", "a key that is not text is ignored");
          continue;
        }
        NodeTuple earlier = keys.remove(key);
        if (earlier != null) {
          warning(
              line(tuple.getKeyNode()),
              pathPrefix + key,
              "key repeated (first on line "
                  + line(earlier.getKeyNode())
                  + "): only this last one counts");
        }
        keys.put(key, tuple);
      }
      return keys;
    }

    private int errorCount() {
      return (int) problems.stream().filter(Problem::isError).count();
    }

    private void error(int line, String path, String message) {
      problems.add(Problem.error(file, line, path, message));
    }

    private void warning(int line, String path, String message) {
      problems.add(Problem.warning(file, line, path, message));
    }
  }

  private static List<String> scriptableEventNames() {
    return Arrays.stream(LifecycleEvent.values())
        .filter(LifecycleEvent::takesScripts)
        .map(Enum::name)
        .toList();
  }

  private static Node valueOf(NodeTuple tuple) {
    return tuple == null ? null : tuple.getValueNode();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String scalarText(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "nothing" : "'" + scalarText(node) + "'";
  }

  private static String pad(String digits) {
    return "0".repeat(Math.max(0, 3 - digits.length())) + digits;
  }
}
