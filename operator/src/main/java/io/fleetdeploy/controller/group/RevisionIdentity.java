package io.fleetdeploy.controller.group;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A declared revision's identity: a digest of what the manifest says (bucket, key, version, digest,
 * or url), so "the same revision" means the same declaration however often it is applied.
 */
final class RevisionIdentity {
  static final int CHARS = 10;

  private RevisionIdentity() {}

  static String of(Revision revision) {
    if (revision == null) {
      return "";
    }
    // Jackson writes the fields in declaration order, so equal declarations give equal text.
    String canonical = Serialization.asJson(revision);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
