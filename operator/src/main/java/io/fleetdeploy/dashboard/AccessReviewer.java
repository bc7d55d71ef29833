package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Asks the API server whether the requesting user may do what an action does (a
 * SubjectAccessReview), so that the dashboard never does on someone's behalf more than their own
 * RBAC lets them do with kubectl.
 */
final class AccessReviewer {
  private final KubernetesClient client;

  AccessReviewer(KubernetesClient client) {
    this.client = client;
  }

  /** Refuses with 403 unless {@code requester} may {@code verb} the fleetdeploy.io resource. */
  void check(Requester requester, String verb, String resource, String namespace, String name)
      throws ActionRefused {
    SubjectAccessReview answer;
    try {
      answer =
          client
              .authorization()
              .v1()
              .subjectAccessReview()
              .create(
                  new SubjectAccessReviewBuilder()
                      .withNewSpec()
                      .withUser(requester.user())
                      .withGroups(requester.groups())
                      .withNewResourceAttributes()
                      .withVerb(verb)
                      .withGroup("fleetdeploy.io")
                      .withResource(resource)
                      .withNamespace(namespace)
                      .withName(name)
                      .endResourceAttributes()
                      .endSpec()
                      .build());
    } catch (KubernetesClientException e) {
      throw new ActionRefused(
          503,
          "could not ask the API server whether "
              + requester.user()
              + " may "
              + verb
              + " "
              + resource
              + ": "
              + e.getMessage());
    }
    if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
      String reason =
          answer.getStatus() == null || answer.getStatus().getReason() == null
              ? ""
              : " (" + answer.getStatus().getReason() + ")";
      throw new ActionRefused(
          403,
          requester.user()
              + " may not "
              + verb
              + " "
              + resource
              + (name == null ? "" : " " + name)
              + " in namespace "
              + namespace
              + reason);
    }
  }
}
