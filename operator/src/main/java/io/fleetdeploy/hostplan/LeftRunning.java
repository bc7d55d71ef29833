package io.fleetdeploy.hostplan;

/**
 * A process a hook script started and left running when it exited (a server started in the
 * background), as the runner saw it then.
 *
 * @param command its command line, shortened
 * @param event the lifecycle event whose script started it
 * @param script that script's location in the bundle
 */
public record LeftRunning(long pid, String command, String event, String script) {}
