package io.fleetdeploy.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.ApplicationSpec;
import io.fleetdeploy.api.v1alpha1.AutoRollback;
import io.fleetdeploy.api.v1alpha1.BundleType;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHosts;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHostsType;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.api.v1alpha1.TagFilter;
import io.fleetdeploy.api.v1alpha1.Targets;
import java.util.List;

/** Builders for the resources tests create, with the fewest fields that make them valid. */
public final class Resources {
  private Resources() {}

  public static Application application(String namespace, String name) {
    Application app = new Application();
    app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    app.setSpec(new ApplicationSpec());
    return app;
  }

  /** A group targeting the EC2 instances tagged {@code tagKey=tagValue}. */
  public static DeploymentGroup group(
      String namespace, String name, String tagKey, String tagValue, DeploymentConfig config) {
    DeploymentGroup group = new DeploymentGroup();
    group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    DeploymentGroupSpec spec = new DeploymentGroupSpec();
    spec.setApplicationRef(ref("fleet-app"));
    Targets targets = new Targets();
    TagFilter filter = new TagFilter();
    filter.setKey(tagKey);
    filter.setValue(tagValue);
    targets.setEc2TagFilters(List.of(filter));
    spec.setTargets(targets);
    spec.setDeploymentConfig(config);
    group.setSpec(spec);
    return group;
  }

  public static DeploymentGroup withAutoRollback(DeploymentGroup group, RollbackEvent... events) {
    AutoRollback rollback = new AutoRollback();
    rollback.setEnabled(true);
    rollback.setEvents(List.of(events));
    group.getSpec().setAutoRollback(rollback);
    return group;
  }

  public static Deployment deployment(
      String namespace, String name, String group, String bucket, String key) {
    Deployment d = new Deployment();
    d.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setDeploymentGroupRef(ref(group));
    spec.setRevision(s3(bucket, key));
    d.setSpec(spec);
    return d;
  }

  public static Revision s3(String bucket, String key) {
    Revision revision = new Revision();
    S3Location s3 = new S3Location();
    s3.setBucket(bucket);
    s3.setKey(key);
    s3.setBundleType(BundleType.tgz);
    revision.setS3(s3);
    return revision;
  }

  public static DeploymentConfig predefined(PredefinedDeploymentConfig name) {
    DeploymentConfig config = new DeploymentConfig();
    config.setName(name);
    return config;
  }

  public static DeploymentConfig minimum(MinimumHealthyHostsType type, int value) {
    DeploymentConfig config = new DeploymentConfig();
    MinimumHealthyHosts min = new MinimumHealthyHosts();
    min.setType(type);
    min.setValue(value);
    config.setMinimumHealthyHosts(min);
    return config;
  }

  public static ObjectReference ref(String name) {
    ObjectReference ref = new ObjectReference();
    ref.setName(name);
    return ref;
  }
}
