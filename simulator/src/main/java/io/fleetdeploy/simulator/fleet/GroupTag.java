package io.fleetdeploy.simulator.fleet;

/** An Auto Scaling group tag; propagated tags are copied onto the instances it launches. */
public record GroupTag(String key, String value, boolean propagateAtLaunch) {}
