package io.fleetdeploy.embedded;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The Fabric8 CRUD dispatcher plus the few non-CRUD endpoints that clients of the embedded API
 * server need: access reviews (JOSDK's leader election asks whether it may use Leases before it
 * takes one; an embedded server has no RBAC, so the answer is yes), and optimistic concurrency on
 * replaces.
 */
final class EmbeddedDispatcher extends KubernetesCrudDispatcher {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
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
    if ("PUT".equals(request.getMethod())) {
      synchronized (this) {
        MockResponse conflict = staleWrite(request);
        return conflict != null ? conflict : super.dispatch(request);
      }
    }
    return super.dispatch(request);
  }

  /**
   * Optimistic concurrency, as a real API server has it and the Fabric8 mock does not: a replace
   * (PUT, of an object or its status) that names a resourceVersion other than the stored one is a
   * 409 Conflict. The controllers rely on it to discard writes computed from a stale copy.
   */
  private MockResponse staleWrite(RecordedRequest request) {
    String sent;
    try {
      // getBytes() leaves the body for the CRUD dispatcher to read (readUtf8() would consume it).
      sent = JSON.readTree(request.getBody().getBytes()).path("metadata").path("resourceVersion").asText("");
    } catch (java.io.IOException e) {
      return null;
    }
    if (sent.isEmpty()) {
      return null;
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    String objectPath = (query < 0 ? path : path.substring(0, query)).replaceAll("/status$", "");
    MockResponse current = super.handleGet(objectPath);
    if (current.code() != 200) {
      return null;
    }
    String stored;
    try {
      stored = JSON.readTree(current.getBody().getBytes()).path("metadata").path("resourceVersion").asText("");
    } catch (java.io.IOException e) {
      return null;
    }
    if (stored.equals(sent)) {
      return null;
    }
    return json(409, """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
         "message":"Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again",
         "reason":"Conflict","code":409}""");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(body);
  }
}
