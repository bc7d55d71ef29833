package io.fleetdeploy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import io.fleetdeploy.policy.PolicyRule.TagRule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetPolicyCheckTest {
  private static final PolicyRule WEB =
      new PolicyRule(
          "team-web",
          List.of("shop", "shop-*"),
          List.of(new TagRule("app", List.of("web", "api-*")), new TagRule("env", List.of())),
          List.of(new TagRule("site", List.of("dc1"))),
          List.of("web-*"),
          List.of("shop-bundles"),
          List.of("https://artifacts.example.com/shop/"));

  private static PolicyVerdict check(
      List<PolicyRule> rules,
      String namespace,
      TargetSelector targets,
      PolicyRequest.Source source) {
    return FleetPolicyCheck.check(
        rules, new PolicyRequest(namespace, targets, Optional.ofNullable(source)));
  }

  private static TargetSelector tags(TagFilter... filters) {
    return TargetSelector.ec2Tags(filters);
  }

  @Test
  void withoutAnyPolicyEverythingIsAllowedAsBefore() {
    assertThat(
            check(
                List.of(),
                "any",
                tags(TagFilter.keyAndValue("app", "admin")),
                new PolicyRequest.Source.S3("x")))
        .isInstanceOf(PolicyVerdict.Allowed.class);
  }

  @Test
  void aNamespaceNoPolicyNamesMayDoNothingOnceOneExists() {
    PolicyVerdict verdict =
        check(List.of(WEB), "payments", tags(TagFilter.keyAndValue("app", "web")), null);
    assertThat(verdict)
        .isInstanceOfSatisfying(
            PolicyVerdict.Refused.class,
            r -> assertThat(r.reason()).contains("no FleetPolicy allows namespace payments"));
  }

  @Test
  void tagFiltersAreAllowedByKeyAndValuePatterns() {
    assertThat(check(List.of(WEB), "shop-eu", tags(TagFilter.keyAndValue("app", "api-v2")), null))
        .isInstanceOf(PolicyVerdict.Allowed.class);
    assertThat(
            check(
                List.of(WEB),
                "shop",
                tags(new TagFilter("env", null, TagFilter.Type.KEY_ONLY)),
                null))
        .as("a rule without values allows any value, and key-only filters")
        .isInstanceOf(PolicyVerdict.Allowed.class);
    assertThat(
            check(
                List.of(WEB),
                "shop",
                tags(new TagFilter("app", null, TagFilter.Type.KEY_ONLY)),
                null))
        .as("a key-only filter would reach every app")
        .isInstanceOf(PolicyVerdict.Refused.class);
    assertThat(
            check(
                List.of(WEB),
                "shop",
                tags(new TagFilter(null, "web", TagFilter.Type.VALUE_ONLY)),
                null))
        .as("a value-only filter matches any key")
        .isInstanceOf(PolicyVerdict.Refused.class);
    PolicyVerdict admin =
        check(
            List.of(WEB),
            "shop",
            tags(TagFilter.keyAndValue("app", "web"), TagFilter.keyAndValue("app", "admin")),
            null);
    assertThat(admin)
        .isInstanceOfSatisfying(
            PolicyVerdict.Refused.class,
            r ->
                assertThat(r.reason())
                    .isEqualTo(
                        "the FleetPolicies of namespace shop (team-web) do not allow EC2 tag filter app=admin"));
  }

  @Test
  void aTagSetIsAllowedWhenOneOfItsGroupsIsAllowedWhole() {
    TargetSelector set =
        new TargetSelector(
            List.of(),
            List.of(
                List.of(TagFilter.keyAndValue("role", "any")),
                List.of(TagFilter.keyAndValue("app", "web"))),
            List.of(),
            List.of());
    assertThat(check(List.of(WEB), "shop", set, null)).isInstanceOf(PolicyVerdict.Allowed.class);
    TargetSelector neither =
        new TargetSelector(
            List.of(),
            List.of(
                List.of(TagFilter.keyAndValue("role", "any")),
                List.of(TagFilter.keyAndValue("app", "web"), TagFilter.keyAndValue("app", "db"))),
            List.of(),
            List.of());
    assertThat(check(List.of(WEB), "shop", neither, null))
        .isInstanceOf(PolicyVerdict.Refused.class);
  }

  @Test
  void autoScalingGroupsOnPremisesTagsAndRevisionSources() {
    TargetSelector fleet =
        new TargetSelector(
            List.of(),
            List.of(),
            List.of("web-prod"),
            List.of(TagFilter.keyAndValue("site", "dc1")));
    assertThat(check(List.of(WEB), "shop", fleet, new PolicyRequest.Source.S3("shop-bundles")))
        .isInstanceOf(PolicyVerdict.Allowed.class);
    assertThat(
            check(
                List.of(WEB),
                "shop",
                fleet,
                new PolicyRequest.Source.Url("https://artifacts.example.com/shop/a.zip")))
        .isInstanceOf(PolicyVerdict.Allowed.class);
    PolicyVerdict refused =
        check(
            List.of(WEB),
            "shop",
            new TargetSelector(
                List.of(),
                List.of(),
                List.of("db-prod"),
                List.of(TagFilter.keyAndValue("site", "dc2"))),
            new PolicyRequest.Source.S3("other-bundles"));
    assertThat(refused)
        .isInstanceOfSatisfying(
            PolicyVerdict.Refused.class,
            r ->
                assertThat(r.reason())
                    .contains(
                        "on-premises tag filter site=dc2",
                        "Auto Scaling group db-prod",
                        "S3 bucket other-bundles"));
  }

  @Test
  void policiesForOneNamespaceAddUp() {
    PolicyRule more =
        new PolicyRule(
            "shop-extra",
            List.of("shop"),
            List.of(new TagRule("app", List.of("admin"))),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    assertThat(check(List.of(WEB, more), "shop", tags(TagFilter.keyAndValue("app", "admin")), null))
        .isInstanceOf(PolicyVerdict.Allowed.class);
    assertThat(
            check(List.of(WEB, more), "shop-eu", tags(TagFilter.keyAndValue("app", "admin")), null))
        .isInstanceOf(PolicyVerdict.Refused.class);
  }
}
