package io.fleetdeploy.appspec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Bundle-relative paths as the agent resolves them: a leading {@code /} or {@code ./} still means
 * the bundle root, so {@code /scripts/a.sh}, {@code ./scripts/a.sh} and {@code scripts/a.sh} are
 * one file.
 */
public final class BundlePaths {
  private BundlePaths() {}

  /**
   * The path relative to the bundle root without {@code .}/empty segments ({@code ""} for the root
   * itself), or empty when {@code ..} climbs out of the bundle.
   */
  public static Optional<String> normalize(String path) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return Optional.of(String.join("/", segments));
  }
}
