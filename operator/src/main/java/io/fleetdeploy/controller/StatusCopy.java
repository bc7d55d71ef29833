package io.fleetdeploy.controller;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Deep copies of status objects, so a reconcile builds the new status beside the stored one. */
public final class StatusCopy {
  private StatusCopy() {}

  public static <S> S of(S status, Class<S> type) {
    return Serialization.jsonMapper().convertValue(status, type);
  }
}
