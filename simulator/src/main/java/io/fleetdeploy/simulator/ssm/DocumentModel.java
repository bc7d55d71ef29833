package io.fleetdeploy.simulator.ssm;

import java.util.List;
import java.util.Map;

/** The parts of a Command document that decide what runs. */
record DocumentModel(
    String schemaVersion,
    String description,
    Map<String, DocumentParameter> parameters,
    List<DocumentStep> steps) {}
