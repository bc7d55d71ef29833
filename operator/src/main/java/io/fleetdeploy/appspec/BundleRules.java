package io.fleetdeploy.appspec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules every bundle entry must pass, the same the host runner applies while unpacking ({@code
 * Extractor} in fleetdeploy_runner.py), so that the operator and {@code appspec check} refuse a
 * bundle before any host is touched rather than on every host: no absolute names, no {@code ..}, no
 * control characters, no names Linux cannot store, no entry twice, no path through a symbolic link
 * of the bundle, hard links only to earlier files, and symbolic links that never leave the bundle
 * (resolved through the bundle's other links, after the last entry).
 */
final class BundleRules {
  /** What an entry is, as far as the rules care. */
  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARD_LINK
  }

  static final int MAX_COMPONENT_BYTES = 255;
  static final int MAX_PATH_BYTES = 4095;

  /** As Linux: a path resolving through more links than this fails with ELOOP. */
  static final int MAX_LINK_HOPS = 40;

  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f]");

  private final Map<String, Kind> entries = new HashMap<>();
  private final Map<String, String> symlinks = new LinkedHashMap<>();

  /**
   * Checks one entry in archive order.
   *
   * @return the name relative to the bundle root ({@code ""} for the root itself, which unpacks to
   *     nothing)
   */
  String add(String raw, Kind kind, String link) throws BundleFormatException {
    String name = checkName(raw);
    if (name.isEmpty()) {
      return name;
    }
    String[] parts = name.split("/");
    StringBuilder ancestor = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      ancestor.append(i == 0 ? "" : "/").append(parts[i]);
      Kind above = entries.get(ancestor.toString());
      if (above == Kind.SYMLINK) {
        throw new BundleFormatException(
            shown(raw)
                + ": its path goes through the symbolic link "
                + ancestor
                + " of the bundle");
      }
      if (above == Kind.FILE || above == Kind.HARD_LINK) {
        throw new BundleFormatException(
            shown(raw) + ": " + ancestor + " is a file of the bundle, not a directory");
      }
    }
    Kind existing = entries.get(name);
    if (existing != null && !(existing == Kind.DIRECTORY && kind == Kind.DIRECTORY)) {
      throw new BundleFormatException(name + ": appears twice in the archive");
    }
    if (kind == Kind.SYMLINK) {
      if (link.isEmpty()) {
        throw new BundleFormatException(name + ": symbolic link without a target");
      }
      if (link.startsWith("/")) {
        throw new BundleFormatException(
            name + ": symbolic link to " + shown(link) + " points outside the bundle");
      }
      if (link.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES
          || link.indexOf('\0') >= 0) {
        throw new BundleFormatException(name + ": symbolic link target is not one Linux can store");
      }
      symlinks.put(name, link);
    } else if (kind == Kind.HARD_LINK) {
      Kind targetKind;
      try {
        targetKind = entries.get(checkName(link));
      } catch (BundleFormatException e) {
        targetKind = null;
      }
      if (targetKind != Kind.FILE && targetKind != Kind.HARD_LINK) {
        throw new BundleFormatException(
            shown(raw) + ": hard link to " + shown(link) + ", which is not a file of the bundle");
      }
    }
    entries.put(name, kind);
    return name;
  }

  /**
   * After the last entry: every symbolic link, resolved through the others, stays in the bundle.
   */
  void finish() throws BundleFormatException {
    for (Map.Entry<String, String> link : symlinks.entrySet()) {
      Resolution resolution = resolve(link.getKey(), "", symlinks);
      if (resolution == Resolution.OUTSIDE) {
        throw new BundleFormatException(
            link.getKey()
                + ": symbolic link to "
                + shown(link.getValue())
                + " points outside the bundle");
      }
      if (resolution == Resolution.LOOP) {
        throw new BundleFormatException(
            link.getKey()
                + ": symbolic link to "
                + shown(link.getValue())
                + " resolves through more than "
                + MAX_LINK_HOPS
                + " links (a loop)");
      }
    }
  }

  Map<String, String> symlinks() {
    return symlinks;
  }

  /** Where a link leads, as far as staying inside a directory is concerned. */
  enum Resolution {
    INSIDE,
    OUTSIDE,
    LOOP
  }

  /**
   * Resolves the link at {@code linkPath} the way the kernel would, through the bundle's links, and
   * says whether it ever climbs above {@code root} (a directory of the bundle, {@code ""} for the
   * bundle itself). Components the bundle lacks count as plain directories, so a dangling link is
   * judged by where it would lead once something is created there.
   */
  static Resolution resolve(String linkPath, String root, Map<String, String> symlinks) {
    Deque<String> stack = new ArrayDeque<>(List.of(linkPath.split("/")));
    stack.removeLast();
    int floor = root.isEmpty() ? 0 : root.split("/").length;
    if (!linkPath.startsWith(root.isEmpty() ? "" : root + "/")) {
      return Resolution.OUTSIDE;
    }
    Deque<String> queue = new ArrayDeque<>(List.of(symlinks.get(linkPath).split("/")));
    int hops = 1;
    while (!queue.isEmpty()) {
      String part = queue.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (stack.size() <= floor) {
          return Resolution.OUTSIDE;
        }
        stack.removeLast();
        continue;
      }
      stack.addLast(part);
      String target = symlinks.get(String.join("/", stack));
      if (target != null) {
        if (++hops > MAX_LINK_HOPS) {
          return Resolution.LOOP;
        }
        if (target.startsWith("/")) {
          return Resolution.OUTSIDE;
        }
        stack.removeLast();
        List<String> expanded = new ArrayList<>(List.of(target.split("/")));
        for (int i = expanded.size() - 1; i >= 0; i--) {
          queue.addFirst(expanded.get(i));
        }
      }
    }
    return Resolution.INSIDE;
  }

  /**
   * The symbolic links a {@code files} mapping of {@code source} would install that then point
   * outside its destination: a link inside the bundle may still lead out of the part of it that is
   * installed (the host runner refuses these at Install; the AppSpec check reports them first).
   */
  static List<String> linksLeaving(BundleListing listing, String source) {
    List<String> leaving = new ArrayList<>();
    boolean directory = !listing.files().contains(source);
    String root =
        directory
            ? source
            : (source.contains("/") ? source.substring(0, source.lastIndexOf('/')) : "");
    for (String link : listing.symlinks().keySet()) {
      boolean installed =
          directory ? (root.isEmpty() || link.startsWith(root + "/")) : link.equals(source);
      if (installed && resolve(link, root, listing.symlinks()) != Resolution.INSIDE) {
        leaving.add(link);
      }
    }
    leaving.sort(null);
    return leaving;
  }

  private static String checkName(String raw) throws BundleFormatException {
    if (CONTROL.matcher(raw).find()) {
      throw new BundleFormatException(shown(raw) + ": control characters in a name");
    }
    if (raw.startsWith("/")) {
      throw new BundleFormatException(shown(raw) + ": absolute paths are not allowed in a bundle");
    }
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new BundleFormatException(shown(raw) + ": '..' would climb out of the bundle");
      }
      if (part.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
        throw new BundleFormatException(
            shown(raw)
                + ": a name part is longer than "
                + MAX_COMPONENT_BYTES
                + " bytes, which Linux file systems cannot store");
      }
      parts.add(part);
    }
    String name = String.join("/", parts);
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new BundleFormatException(
          shown(raw) + ": the path is longer than " + MAX_PATH_BYTES + " bytes");
    }
    return name;
  }

  private static String shown(String text) {
    return EntryNames.clip(CONTROL.matcher(text).replaceAll("?"));
  }
}
