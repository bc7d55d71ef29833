package io.fleetdeploy.api.v1alpha1;

/** Names shared by the three kinds of API group {@code fleetdeploy.io}. */
public final class FleetdeployApi {
  public static final String GROUP = "fleetdeploy.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "fleetdeploy";

  private FleetdeployApi() {}
}
