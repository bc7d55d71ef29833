package io.fleetdeploy.controller;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events about fleetdeploy objects ({@code kubectl describe} and {@code kubectl
 * get events} show them). Best effort: an event that cannot be written is logged, never fails a
 * reconcile.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String OPERATOR = "fleetdeploy-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final String component;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this(client, clock, OPERATOR);
  }

  /** Events reported by another part of fleetdeploy (e.g. the dashboard, for users' requests). */
  public EventRecorder(KubernetesClient client, Clock clock, String component) {
    this.client = client;
    this.clock = clock;
    this.component = component;
  }

  public void record(HasMetadata about, EventReason reason, String message) {
    record(about, reason.name(), reason.type(), message);
  }

  /** An Event whose reason is not one of the operator's own (Normal or Warning). */
  public void record(HasMetadata about, String reason, String type, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = about.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      about.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withName(about.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(about.getMetadata().getUid())
                          .build())
                  .withReason(reason)
                  .withType(type)
                  .withMessage(Text.truncate(message, 1024))
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource(component, null)
                  .withReportingComponent(component)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          namespace,
          about.getMetadata().getName(),
          e.getMessage());
    }
    LOG.info("{} {}: {}", reason, about.getMetadata().getName(), message);
  }
}
