package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.BundleType;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.api.v1alpha1.UrlLocation;
import java.util.Locale;

/** Revisions in and out of words: {@code s3://bucket/key} and back. */
final class Revisions {
  private Revisions() {}

  static String describe(Revision r) {
    if (r == null) {
      return "(none)";
    }
    if (r.getS3() != null) {
      S3Location s3 = r.getS3();
      return "s3://"
          + s3.getBucket()
          + "/"
          + s3.getKey()
          + (s3.getVersion() == null ? "" : " version " + s3.getVersion())
          + (s3.getBundleType() == null ? "" : " (" + s3.getBundleType() + ")");
    }
    if (r.getUrl() != null) {
      return r.getUrl().getUrl();
    }
    return "(none)";
  }

  /** An {@code s3://bucket/key} as a revision; the bundle type from the option or the key. */
  static Revision s3(String uri, String bundleType) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new UserError("--s3 must look like s3://bucket/key, was " + uri);
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new UserError("--s3 must name a bucket and a key (s3://bucket/key), was " + uri);
    }
    S3Location s3 = new S3Location();
    s3.setBucket(rest.substring(0, slash));
    s3.setKey(rest.substring(slash + 1));
    s3.setBundleType(bundleType(bundleType, s3.getKey()));
    Revision revision = new Revision();
    revision.setS3(s3);
    return revision;
  }

  private static BundleType bundleType(String given, String key) {
    if (given != null) {
      try {
        return BundleType.valueOf(given.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserError("--bundle-type must be zip, tar or tgz, was " + given);
      }
    }
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith(".tgz") || k.endsWith(".tar.gz")) {
      return BundleType.tgz;
    }
    if (k.endsWith(".tar")) {
      return BundleType.tar;
    }
    if (k.endsWith(".zip")) {
      return BundleType.zip;
    }
    throw new UserError(
        "cannot tell the bundle type of " + key + " from its name: add --bundle-type zip|tar|tgz");
  }

  /** A pinned revision as a revision to deploy again: the same object, version and digest. */
  static Revision of(PinnedRevision pinned) {
    Revision revision = new Revision();
    if (pinned.getS3() != null) {
      S3Location s3 = pinned.getS3();
      S3Location copy = new S3Location();
      copy.setBucket(s3.getBucket());
      copy.setKey(s3.getKey());
      copy.setBundleType(s3.getBundleType());
      copy.setVersion(s3.getVersion() != null ? s3.getVersion() : pinned.getResolvedVersion());
      revision.setS3(copy);
    } else if (pinned.getUrl() != null) {
      UrlLocation url = new UrlLocation();
      url.setUrl(pinned.getUrl().getUrl());
      url.setBundleType(pinned.getUrl().getBundleType());
      url.setSha256(pinned.getSha256());
      revision.setUrl(url);
    } else {
      throw new UserError("the group's last good revision has neither s3 nor url");
    }
    return revision;
  }
}
