package io.fleetdeploy.appspec;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The paths a bundle holds, relative to its root without a leading {@code ./}, so the AppSpec check
 * can find scripts and sources the bundle lacks, and links that would point out of a destination.
 *
 * @param files regular files, hard links and symbolic links
 * @param symlinks the symbolic links among the files, with their targets as written
 */
public record BundleListing(
    Set<String> files, Set<String> directories, Map<String, String> symlinks) {

  public BundleListing {
    files = Set.copyOf(files);
    symlinks = Map.copyOf(symlinks);
    Set<String> allDirectories = new HashSet<>(directories);
    // Archives often list only files: their parents exist all the same.
    for (String file : files) {
      for (int slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
        allDirectories.add(file.substring(0, slash));
      }
    }
    allDirectories.add("");
    directories = Set.copyOf(allDirectories);
  }

  /** A listing without symbolic links. */
  public BundleListing(Set<String> files, Set<String> directories) {
    this(files, directories, Map.of());
  }

  public boolean hasFile(String path) {
    return files.contains(path);
  }

  public boolean hasFileOrDirectory(String path) {
    return files.contains(path) || directories.contains(path);
  }
}
