package io.fleetdeploy.simulator.ssm;

import java.util.Map;

/**
 * One plugin run of a document: a schema 2.x {@code mainSteps} entry or a schema 1.2 {@code
 * runtimeConfig} property. {@code inputs} still hold their {@code {{ parameter }}} references.
 */
record DocumentStep(
    String name, String action, Map<String, Object> inputs, Integer timeoutSeconds) {}
