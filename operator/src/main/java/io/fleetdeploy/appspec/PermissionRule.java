package io.fleetdeploy.appspec;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code permissions} entry, applied after Install copied the files.
 *
 * @param object absolute path of an installed file or directory
 * @param pattern glob matched against names directly inside {@code object}; {@code **} matches
 *     everything installed under it
 * @param except globs excluded from {@code pattern}
 * @param acls setfacl entries in long form, e.g. {@code user:bob:rw-} for {@code u:bob:6}
 * @param types kinds of objects the rule applies to (both when the AppSpec says nothing)
 */
public record PermissionRule(
    String object,
    String pattern,
    List<String> except,
    Optional<String> owner,
    Optional<String> group,
    Optional<FileMode> mode,
    List<String> acls,
    Optional<SeLinuxContext> context,
    Set<PermissionType> types) {
  public static final String ALL = "**";
}
