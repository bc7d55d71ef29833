package io.fleetdeploy.appspec;

import java.util.ArrayDeque;
import java.util.Deque;

/** Host paths as the CodeDeploy agent resolves them (Ruby's {@code File.expand_path}). */
final class HostPaths {
  private HostPaths() {}

  /**
   * A relative path resolved against {@code /}, the agent service's working directory: {@code
   * opt/app} is {@code /opt/app}; {@code ..} cannot climb above {@code /}.
   */
  static String underRoot(String relative) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : relative.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        segments.pollLast();
      } else {
        segments.addLast(segment);
      }
    }
    return "/" + String.join("/", segments);
  }
}
