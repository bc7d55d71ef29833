package io.fleetdeploy.fleet;

import java.net.URI;
import java.time.Duration;

/** Pins revisions to bytes and gives hosts a way to fetch exactly those bytes. */
public interface RevisionStore {
  /**
   * Reads the revision once: its current (or requested) version, its bytes and their digest. Fails
   * with {@link FleetError#REVISION_MISSING} when it does not exist or its digest or ETag is not
   * the one declared.
   */
  PinnedBundle pin(RevisionLocation location);

  /** A time-limited address from which a host downloads the pinned bytes (S3: a presigned GET). */
  URI hostDownloadUrl(PinnedBundle bundle, Duration validity);
}
