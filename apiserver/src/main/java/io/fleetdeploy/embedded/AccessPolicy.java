package io.fleetdeploy.embedded;

import java.util.List;

/**
 * Who may do what, for the SubjectAccessReviews the embedded API server answers. The embedded
 * server has no RBAC; by default everyone may do everything. Tests that check a client asks before
 * acting on someone's behalf install a narrower policy.
 */
@FunctionalInterface
public interface AccessPolicy {
  AccessPolicy ALLOW_ALL = request -> true;

  /**
   * One question of a SubjectAccessReview's resourceAttributes.
   *
   * @param user spec.user
   * @param groups spec.groups
   * @param verb e.g. patch, create
   * @param group the API group, empty for the core group
   * @param resource the plural resource, e.g. deployments
   * @param namespace the namespace, empty for cluster scope
   * @param name the object's name, empty for any
   */
  record Request(
      String user,
      List<String> groups,
      String verb,
      String group,
      String resource,
      String namespace,
      String name) {
    public Request {
      groups = List.copyOf(groups);
    }
  }

  boolean allowed(Request request);
}
