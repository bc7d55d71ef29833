package io.fleetdeploy.hostplan;

import java.time.Instant;
import java.util.Optional;

/**
 * What happened in one lifecycle event on one host.
 *
 * @param errorCode e.g. ScriptFailed, ScriptTimedOut, OutputsLeftOpen, BundleChecksumMismatch
 * @param logTail the end of the scripts' output (at most 2 KiB), kept for failed events
 * @param ignored a failure that did not fail the deployment (ignoreApplicationStopFailures)
 * @param scriptsFrom the deployment whose scripts ran, for events that run the previous revision's
 */
public record EventResult(
    String name,
    EventStatus status,
    Optional<Instant> start,
    Optional<Instant> end,
    Optional<String> errorCode,
    Optional<String> scriptName,
    Optional<String> message,
    Optional<String> logTail,
    boolean ignored,
    Optional<String> scriptsFrom) {}
