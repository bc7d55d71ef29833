package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded API server answers SubjectAccessReviews from its access policy. */
class SubjectAccessReviewTest {
  private static EmbeddedApiServer api;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static SubjectAccessReview review(String user, String verb) {
    return new SubjectAccessReviewBuilder()
        .withNewSpec()
        .withUser(user)
        .withGroups("team-a")
        .withNewResourceAttributes()
        .withVerb(verb)
        .withGroup("fleetdeploy.io")
        .withResource("deployments")
        .withNamespace("shop")
        .withName("web-1")
        .endResourceAttributes()
        .endSpec()
        .build();
  }

  @Test
  void everythingIsAllowedByDefault() {
    SubjectAccessReview answer =
        api.client().authorization().v1().subjectAccessReview().create(review("anyone", "patch"));

    assertThat(answer.getStatus().getAllowed()).isTrue();
  }

  @Test
  void thePolicyDecidesAndSeesEveryAttribute() {
    List<AccessPolicy.Request> seen = new CopyOnWriteArrayList<>();
    api.access(
        request -> {
          seen.add(request);
          return request.user().equals("alice") && request.verb().equals("patch");
        });
    try {
      var reviews = api.client().authorization().v1().subjectAccessReview();

      assertThat(reviews.create(review("alice", "patch")).getStatus().getAllowed()).isTrue();
      assertThat(reviews.create(review("bob", "patch")).getStatus().getAllowed()).isFalse();
      assertThat(reviews.create(review("alice", "delete")).getStatus().getAllowed()).isFalse();
      assertThat(seen.get(0))
          .isEqualTo(
              new AccessPolicy.Request(
                  "alice",
                  List.of("team-a"),
                  "patch",
                  "fleetdeploy.io",
                  "deployments",
                  "shop",
                  "web-1"));
    } finally {
      api.access(AccessPolicy.ALLOW_ALL);
    }
  }
}
