package io.fleetdeploy.controller;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/**
 * The one way a reconciler asks for its resource's status to be written: a patch when the new
 * status differs from the stored one, nothing otherwise (no write, no watch event, no churn).
 */
public final class StatusPatch {
  private StatusPatch() {}

  public static <S, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(R resource, S status) {
    if (sameJson(resource.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    // The patch is computed against the object read at the start of the reconcile; managed
    // fields are not ours to send.
    resource.getMetadata().setManagedFields(null);
    return UpdateControl.patchStatus(resource);
  }

  static boolean sameJson(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(Serialization.jsonMapper().valueToTree(a), Serialization.jsonMapper().valueToTree(b));
  }
}
