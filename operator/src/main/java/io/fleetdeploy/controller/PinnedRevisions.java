package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.fleet.PinnedBundle;

/** The status form of a pinned revision, and its short human name. */
public final class PinnedRevisions {
  private PinnedRevisions() {}

  public static PinnedRevision of(Revision declared, PinnedBundle bundle) {
    PinnedRevision pinned = new PinnedRevision();
    pinned.setS3(declared.getS3());
    pinned.setUrl(declared.getUrl());
    pinned.setSha256(bundle.sha256());
    pinned.setResolvedVersion(bundle.versionId().orElse(null));
    pinned.setEtag(bundle.etag().orElse(null));
    pinned.setSizeBytes(bundle.sizeBytes());
    pinned.setSummary(summary(declared, bundle.sha256()));
    return pinned;
  }

  /** E.g. {@code my-bundles/web/web-1.4.2.tgz@3f2a1c9d}: where it is and which bytes. */
  public static String summary(Revision declared, String sha256) {
    String where;
    if (declared.getS3() != null) {
      where = declared.getS3().getBucket() + "/" + declared.getS3().getKey();
    } else {
      String url = declared.getUrl().getUrl();
      where = url.substring(url.lastIndexOf('/') + 1);
    }
    String digest = sha256 == null ? "" : "@" + sha256.substring(0, Math.min(8, sha256.length()));
    String text = where + digest;
    return text.length() <= 256 ? text : "…" + text.substring(text.length() - 255);
  }

  /** A pinned revision as a declaration of exactly those bytes: its version and digest fixed. */
  public static Revision asDeclared(PinnedRevision pinned) {
    Revision revision = new Revision();
    if (pinned.getS3() != null) {
      var s3 = StatusCopy.of(pinned.getS3(), io.fleetdeploy.api.v1alpha1.S3Location.class);
      if (pinned.getResolvedVersion() != null) {
        s3.setVersion(pinned.getResolvedVersion());
      }
      s3.setSha256(pinned.getSha256());
      revision.setS3(s3);
    } else {
      var url = StatusCopy.of(pinned.getUrl(), io.fleetdeploy.api.v1alpha1.UrlLocation.class);
      url.setSha256(pinned.getSha256());
      revision.setUrl(url);
    }
    return revision;
  }
}
