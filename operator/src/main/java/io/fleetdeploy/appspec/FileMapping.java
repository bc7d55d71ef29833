package io.fleetdeploy.appspec;

/**
 * One {@code files} entry.
 *
 * @param source path inside the bundle without leading {@code /} or {@code ./}; empty for the whole
 *     bundle
 * @param destination absolute directory on the host
 */
public record FileMapping(String source, String destination) {}
