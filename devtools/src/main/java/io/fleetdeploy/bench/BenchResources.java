package io.fleetdeploy.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.ApplicationSpec;
import io.fleetdeploy.api.v1alpha1.BundleType;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.api.v1alpha1.TagFilter;
import io.fleetdeploy.api.v1alpha1.Targets;
import java.util.List;

/** The benchmark's Application, DeploymentGroup (the fleet, by tag) and per-run Deployments. */
final class BenchResources {
  static final String APPLICATION = "bench";

  private BenchResources() {}

  static Application application(String namespace) {
    Application app = new Application();
    app.setMetadata(new ObjectMetaBuilder().withName(APPLICATION).withNamespace(namespace).build());
    app.setSpec(new ApplicationSpec());
    return app;
  }

  static DeploymentGroup group(String namespace, String name, BenchConfig config) {
    DeploymentGroup group = new DeploymentGroup();
    group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    DeploymentGroupSpec spec = new DeploymentGroupSpec();
    spec.setApplicationRef(ref(APPLICATION));
    TagFilter filter = new TagFilter();
    filter.setKey("bench");
    filter.setValue(name);
    Targets targets = new Targets();
    targets.setEc2TagFilters(List.of(filter));
    spec.setTargets(targets);
    spec.setDeploymentConfig(config.config());
    group.setSpec(spec);
    return group;
  }

  static Deployment deployment(
      String namespace, String name, String group, String bucket, String key) {
    Deployment deployment = new Deployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setDeploymentGroupRef(ref(group));
    Revision revision = new Revision();
    S3Location s3 = new S3Location();
    s3.setBucket(bucket);
    s3.setKey(key);
    s3.setBundleType(BundleType.tgz);
    revision.setS3(s3);
    spec.setRevision(revision);
    deployment.setSpec(spec);
    return deployment;
  }

  private static ObjectReference ref(String name) {
    ObjectReference ref = new ObjectReference();
    ref.setName(name);
    return ref;
  }
}
