package io.fleetdeploy.fleet;

import java.net.URI;
import java.util.Optional;

/** Where a revision bundle is: an S3 object or an HTTP(S) address, and its archive type. */
public sealed interface RevisionLocation {
  String bundleType();

  /** The digest the user declared, when they did; the pinned digest must equal it. */
  Optional<String> expectedSha256();

  record S3(
      String bucket,
      String key,
      Optional<String> version,
      Optional<String> expectedEtag,
      Optional<String> expectedSha256,
      String bundleType)
      implements RevisionLocation {}

  record Url(URI url, Optional<String> expectedSha256, String bundleType)
      implements RevisionLocation {}
}
