package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.controller.EventRecorder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Records who requested an action through the dashboard and why: annotations on the object it
 * changed (the latest request; they travel with the object, {@code kubectl get -o yaml} shows them)
 * and a Kubernetes Event (the history, {@code kubectl describe} shows it).
 */
final class ActionAudit {
  static final String REQUESTED_BY = "fleetdeploy.io/requested-by";
  static final String REQUESTED_ACTION = "fleetdeploy.io/requested-action";
  static final String REQUEST_REASON = "fleetdeploy.io/request-reason";
  static final String REQUESTED_AT = "fleetdeploy.io/requested-at";
  private static final String COMPONENT = "fleetdeploy-dashboard";

  private final EventRecorder events;
  private final Clock clock;

  ActionAudit(KubernetesClient client, Clock clock) {
    this.events = new EventRecorder(client, clock, COMPONENT);
    this.clock = clock;
  }

  /** The annotations to put on the changed object, merged into what it has. */
  Map<String, String> annotate(
      Map<String, String> existing, Requester requester, String action, String reason) {
    Map<String, String> out = existing == null ? new HashMap<>() : new HashMap<>(existing);
    out.put(REQUESTED_BY, requester.user());
    out.put(REQUESTED_ACTION, action);
    out.put(REQUEST_REASON, reason);
    out.put(REQUESTED_AT, now());
    return out;
  }

  /** A Normal Event on {@code about}; best effort, as the operator's own Events. */
  void event(HasMetadata about, String reason, Requester requester, String what, String why) {
    events.record(
        about,
        reason,
        "Normal",
        requester.user() + " requested through the dashboard: " + what + ". Reason: " + why);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
