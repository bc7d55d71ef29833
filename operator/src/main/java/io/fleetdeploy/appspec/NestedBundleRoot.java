package io.fleetdeploy.appspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CodeDeploy agent's rule for archives that wrap the bundle in a folder (a zip of {@code
 * myapp/} rather than of its contents): when no {@code appspec.*} is at the top and exactly one
 * top-level folder holds one, that folder is the bundle root and everything else at the top is
 * dropped. The host runner applies the same rule when it unpacks ({@code nested_bundle_root}).
 */
public final class NestedBundleRoot {
  private NestedBundleRoot() {}

  /** The folder to use as the bundle root, or empty when the archive's top is the root. */
  public static Optional<String> folder(BundleListing listing) {
    List<String> names =
        Stream.concat(listing.files().stream(), listing.directories().stream()).toList();
    if (names.stream().anyMatch(name -> name.indexOf('/') < 0 && isAppSpecName(name))) {
      return Optional.empty();
    }
    // Like the agent's glob '*/appspec.*': hidden top-level folders do not count.
    List<String> nested =
        names.stream()
            .filter(
                name -> {
                  int slash = name.indexOf('/');
                  return slash > 0
                      && name.indexOf('/', slash + 1) < 0
                      && !name.startsWith(".")
                      && isAppSpecName(name.substring(slash + 1));
                })
            .distinct()
            .toList();
    return nested.size() == 1
        ? Optional.of(nested.get(0).substring(0, nested.get(0).indexOf('/')))
        : Optional.empty();
  }

  /** The listing as seen from inside {@code folder}. */
  public static BundleListing inside(BundleListing listing, String folder) {
    String prefix = folder + "/";
    return new BundleListing(
        listing.files().stream()
            .filter(f -> f.startsWith(prefix))
            .map(f -> f.substring(prefix.length()))
            .collect(Collectors.toSet()),
        listing.directories().stream()
            .filter(d -> d.startsWith(prefix))
            .map(d -> d.substring(prefix.length()))
            .collect(Collectors.toSet()),
        listing.symlinks().entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .collect(
                Collectors.toMap(
                    e -> e.getKey().substring(prefix.length()), java.util.Map.Entry::getValue)));
  }

  /** The top-level names of {@code listing} other than {@code folder}, sorted. */
  public static List<String> outside(BundleListing listing, String folder) {
    TreeSet<String> top = new TreeSet<>();
    Stream.concat(listing.files().stream(), listing.directories().stream())
        .filter(name -> !name.isEmpty())
        .map(name -> name.indexOf('/') < 0 ? name : name.substring(0, name.indexOf('/')))
        .filter(name -> !name.equals(folder))
        .forEach(top::add);
    return new ArrayList<>(top);
  }

  private static boolean isAppSpecName(String name) {
    return name.startsWith("appspec.");
  }
}
