package io.fleetdeploy.embedded;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The Fabric8 CRUD dispatcher plus the few non-CRUD endpoints that clients of the embedded API
 * server need: access reviews (JOSDK's leader election asks whether it may use Leases before it
 * takes one; an embedded server has no RBAC, so the answer is yes).
 */
final class EmbeddedDispatcher extends KubernetesCrudDispatcher {
  private static final String SELF_SUBJECT_RULES_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    if ("POST".equals(request.getMethod()) && path.startsWith(SELF_SUBJECT_RULES_REVIEWS)) {
      return json(201, """
          {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
           "metadata":{},"spec":{},
           "status":{"incomplete":false,
                     "resourceRules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]}],
                     "nonResourceRules":[{"verbs":["*"],"nonResourceURLs":["*"]}]}}""");
    }
    return super.dispatch(request);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(body);
  }
}
