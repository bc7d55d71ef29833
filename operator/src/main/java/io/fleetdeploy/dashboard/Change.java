package io.fleetdeploy.dashboard;

/**
 * One change the informers saw, as sent on the live-update stream: the SSE {@code id} is the
 * object's resourceVersion, the data a small JSON document.
 *
 * @param resourceVersion the changed object's resourceVersion, as a number (the API server's are
 *     increasing integers; an opaque one sorts first and is never resumed from)
 * @param json the event's data
 */
record Change(long resourceVersion, String json) {
  enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  /** The SSE frame of this change. */
  String frame() {
    return "id: " + resourceVersion + "\nevent: change\ndata: " + json + "\n\n";
  }

  static long parseVersion(String resourceVersion) {
    try {
      return resourceVersion == null ? -1 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
