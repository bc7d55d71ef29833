package io.fleetdeploy.appspec;

import java.util.HashSet;
import java.util.Set;

/**
 * The paths a bundle holds, relative to its root without a leading {@code ./}, so the AppSpec check
 * can warn about scripts and sources the bundle lacks.
 */
public record BundleListing(Set<String> files, Set<String> directories) {

  public BundleListing {
    files = Set.copyOf(files);
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

  public boolean hasFile(String path) {
    return files.contains(path);
  }

  public boolean hasFileOrDirectory(String path) {
    return files.contains(path) || directories.contains(path);
  }
}
