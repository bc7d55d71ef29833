package io.fleetdeploy.logs;

/** A host's hook output as read, or why it cannot be. */
public sealed interface HookLog {
  /**
   * The output.
   *
   * @param source where it was read, e.g. {@code CloudWatch Logs /fleetdeploy/shop/web <stream>}
   */
  record Text(String text, String source) implements HookLog {}

  /** Not available, and why, in words for the user. */
  record Unavailable(String reason) implements HookLog {}
}
