package io.fleetdeploy.controller.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.FleetPolicy;
import io.fleetdeploy.api.v1alpha1.PolicyTag;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.Targeting;
import io.fleetdeploy.policy.FleetPolicyCheck;
import io.fleetdeploy.policy.PolicyRequest;
import io.fleetdeploy.policy.PolicyRule;
import io.fleetdeploy.policy.PolicyVerdict;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's FleetPolicies, as the controllers ask them: may this group target what it names,
 * may this deployment fetch its revision from where it says. Read from an informer in the operator
 * (or listed on each question, in tests). When the FleetPolicy CRD is not installed nothing is
 * enforced (no policy can exist); when the operator may not read FleetPolicies, everything is
 * refused, since it cannot know what is allowed.
 */
public final class FleetPolicies implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetPolicies.class);

  private final Supplier<List<FleetPolicy>> current;
  private final Optional<String> unreadable;
  private final Runnable close;

  private FleetPolicies(
      Supplier<List<FleetPolicy>> current, Optional<String> unreadable, Runnable close) {
    this.current = current;
    this.unreadable = unreadable;
    this.close = close;
  }

  /** Watches the cluster's FleetPolicies. */
  public static FleetPolicies watching(KubernetesClient client) {
    try {
      SharedIndexInformer<FleetPolicy> informer = client.resources(FleetPolicy.class).inform();
      return new FleetPolicies(() -> informer.getStore().list(), Optional.empty(), informer::stop);
    } catch (KubernetesClientException e) {
      return unavailable(e);
    }
  }

  /** Lists the FleetPolicies every time it is asked (for tests: no informer to wait for). */
  public static FleetPolicies listing(KubernetesClient client) {
    return new FleetPolicies(
        () -> client.resources(FleetPolicy.class).list().getItems(), Optional.empty(), () -> {});
  }

  private static FleetPolicies unavailable(KubernetesClientException e) {
    if (e.getCode() == 404) {
      LOG.warn("the FleetPolicy CRD is not installed: no FleetPolicy is enforced");
      return new FleetPolicies(List::of, Optional.empty(), () -> {});
    }
    String why =
        "the operator cannot read FleetPolicies ("
            + e.getCode()
            + ": "
            + e.getMessage()
            + "), so it does not know what namespaces may target: everything is refused until it can (check its RBAC)";
    LOG.error(why);
    return new FleetPolicies(List::of, Optional.of(why), () -> {});
  }

  /** Why the group may not target what it names, if it may not. */
  public Optional<String> refusal(DeploymentGroup group) {
    return refusal(group, Optional.empty());
  }

  /**
   * Why a deployment of this group may not target its instances or fetch {@code revision}, if it
   * may not.
   */
  public Optional<String> refusal(DeploymentGroup group, Optional<Revision> revision) {
    if (unreadable.isPresent()) {
      return unreadable;
    }
    PolicyRequest request =
        new PolicyRequest(
            group.getMetadata().getNamespace(),
            Targeting.selector(group.getSpec().getTargets()),
            revision.map(FleetPolicies::source));
    PolicyVerdict verdict =
        FleetPolicyCheck.check(current.get().stream().map(FleetPolicies::rule).toList(), request);
    return verdict instanceof PolicyVerdict.Refused refused
        ? Optional.of(refused.reason())
        : Optional.empty();
  }

  private static PolicyRequest.Source source(Revision revision) {
    return revision.getS3() != null
        ? new PolicyRequest.Source.S3(revision.getS3().getBucket())
        : new PolicyRequest.Source.Url(revision.getUrl().getUrl());
  }

  static PolicyRule rule(FleetPolicy policy) {
    var spec = policy.getSpec();
    var targets = spec.getTargets();
    var revisions = spec.getRevisions();
    return new PolicyRule(
        policy.getMetadata().getName(),
        spec.getNamespaces(),
        targets == null ? null : tags(targets.getEc2Tags()),
        targets == null ? null : tags(targets.getOnPremisesTags()),
        targets == null ? null : targets.getAutoScalingGroups(),
        revisions == null ? null : revisions.getS3Buckets(),
        revisions == null ? null : revisions.getUrlPrefixes());
  }

  private static List<PolicyRule.TagRule> tags(List<PolicyTag> tags) {
    return tags == null
        ? List.of()
        : tags.stream().map(t -> new PolicyRule.TagRule(t.getKey(), t.getValues())).toList();
  }

  @Override
  public void close() {
    close.run();
  }
}
