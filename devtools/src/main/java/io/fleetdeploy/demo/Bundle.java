package io.fleetdeploy.demo;

/** One object the demo puts into its bucket: its key (a file name) and its bytes. */
public record Bundle(String key, byte[] bytes) {}
