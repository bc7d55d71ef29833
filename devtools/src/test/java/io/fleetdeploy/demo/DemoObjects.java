package io.fleetdeploy.demo;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.testing.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Deployments and groups in the states the operator writes, for the demo's pure parts. */
final class DemoObjects {
  private DemoObjects() {}

  /**
   * A group rollout of {@code key} whose status lists {@code instances}, each "id:status:batch".
   */
  static Deployment deployment(
      String name, String creator, DeploymentPhase phase, String key, String... instances) {
    Deployment d = new Deployment();
    d.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("default")
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .withLabels(creator.equals("user") ? Map.of() : Map.of(Labels.CREATOR, creator))
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setDeploymentGroupRef(Resources.ref("web"));
    spec.setRevision(Resources.s3("fleetdeploy-demo", key));
    d.setSpec(spec);
    if (phase == null) {
      return d;
    }
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(phase);
    PinnedRevision pinned = new PinnedRevision();
    pinned.setSummary("fleetdeploy-demo/" + key + "@0123abcd");
    status.setRevision(pinned);
    status.setInstanceCount(instances.length);
    status.setDeploymentConfig("OneAtATime");
    List<InstanceStatus> list = new ArrayList<>();
    int batches = 0;
    for (String spec1 : instances) {
      String[] parts = spec1.split(":");
      InstanceStatus i = new InstanceStatus();
      i.setId(parts[0]);
      i.setStatus(ExecutionStatus.valueOf(parts[1]));
      if (parts.length > 2) {
        i.setBatch(Integer.parseInt(parts[2]));
        batches = Math.max(batches, i.getBatch());
      }
      list.add(i);
    }
    status.setInstances(list);
    List<BatchStatus> batchList = new ArrayList<>();
    for (int n = 1; n <= batches; n++) {
      BatchStatus b = new BatchStatus();
      b.setNumber(n);
      batchList.add(b);
    }
    status.setBatches(batchList.isEmpty() ? null : batchList);
    d.setStatus(status);
    return d;
  }

  /**
   * A group at {@code generation} whose status says so (or not yet), with
   * Ready/Progressing/Degraded.
   */
  static DeploymentGroup group(
      long generation, Long observed, String ready, String progressing, String degraded) {
    DeploymentGroup g =
        Resources.group(
            "default",
            "web",
            "app",
            "demo",
            Resources.predefined(
                io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig.OneAtATime));
    g.getMetadata().setGeneration(generation);
    if (observed == null) {
      return g;
    }
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setObservedGeneration(observed);
    status.setConditions(
        List.of(
            condition("Ready", ready, "Because"),
            condition("Progressing", progressing, "Because"),
            condition("Degraded", degraded, "Because")));
    g.setStatus(status);
    return g;
  }

  static Condition condition(String type, String status, String reason) {
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(type + " is " + status);
    return c;
  }

  static io.fabric8.kubernetes.api.model.Event event(
      String uid, String kind, String name, String reason, String message) {
    return new EventBuilder()
        .withNewMetadata()
        .withUid(uid)
        .withName(name + "." + uid)
        .endMetadata()
        .withNewInvolvedObject()
        .withKind(kind)
        .withName(name)
        .endInvolvedObject()
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  static ClusterSnapshot snapshot(
      Instant at,
      List<DeploymentGroup> groups,
      List<Deployment> deployments,
      List<io.fabric8.kubernetes.api.model.Event> events) {
    return new ClusterSnapshot(at, List.of(), groups, deployments, events);
  }
}
