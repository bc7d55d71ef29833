package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.Labels;
import java.util.Optional;

/** The group's revisions in status: running now, last successful, and the one it converges to. */
final class GroupRevisions {
  private GroupRevisions() {}

  static void apply(DeploymentGroup group, GroupDeployments mine, DeploymentGroupStatus status) {
    Optional<Deployment> active = mine.active();
    status.setActiveDeployment(active.map(d -> d.getMetadata().getName()).orElse(null));
    mine.lastSucceeded()
        .ifPresent(
            d -> {
              status.setLastSuccessfulDeployment(d.getMetadata().getName());
              status.setLastSuccessfulRevision(d.getStatus().getRevision());
            });
    Revision declared = group.getSpec().getRevision();
    if (active.isPresent() && active.get().getStatus().getRevision() != null) {
      status.setTargetRevision(active.get().getStatus().getRevision());
    } else if (declared != null) {
      status.setTargetRevision(
          converged(group, mine) ? status.getLastSuccessfulRevision() : unpinned(declared));
    } else {
      status.setTargetRevision(status.getLastSuccessfulRevision());
    }
  }

  /** Whether the fleet runs the declared revision (true when none is declared). */
  static boolean converged(DeploymentGroup group, GroupDeployments mine) {
    Revision declared = group.getSpec().getRevision();
    if (declared == null) {
      return true;
    }
    String identity = RevisionIdentity.of(declared);
    return mine.lastSucceeded()
        .map(
            d ->
                identity.equals(labelOf(d))
                    || identity.equals(RevisionIdentity.of(d.getSpec().getRevision())))
        .orElse(false);
  }

  private static String labelOf(Deployment d) {
    return d.getMetadata().getLabels() == null
        ? null
        : d.getMetadata().getLabels().get(Labels.REVISION_DIGEST);
  }

  private static PinnedRevision unpinned(Revision declared) {
    PinnedRevision revision = new PinnedRevision();
    revision.setS3(declared.getS3());
    revision.setUrl(declared.getUrl());
    revision.setSha256(
        declared.getS3() != null ? declared.getS3().getSha256() : declared.getUrl().getSha256());
    revision.setSummary(DesiredRevision.describe(declared));
    return revision;
  }
}
