package io.fleetdeploy.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.BundleType;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ErrorInformation;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.FullLogLocation;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.Overview;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.api.v1alpha1.TagFilter;
import io.fleetdeploy.api.v1alpha1.Targets;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded API server, a kubeconfig for it, and fleetdeploy objects as the operator writes
 * them.
 */
final class PluginFixture {
  private PluginFixture() {}

  /** What one run of the plugin printed and how it exited. */
  record Result(int exitCode, String out, String err) {}

  static Result run(Path kubeconfig, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--kubeconfig";
    all[1] = kubeconfig.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = KubectlFleetdeploy.run(all, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /** Contexts shop (namespace shop, current) and other (namespace other). */
  static Path kubeconfig(EmbeddedApiServer api, Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: embedded
          cluster: {server: "%s"}
        contexts:
        - name: shop
          context: {cluster: embedded, namespace: shop, user: me}
        - name: other
          context: {cluster: embedded, namespace: other, user: me}
        current-context: shop
        users:
        - name: me
          user: {token: not-checked}
        """
            .formatted(api.url()));
  }

  static <T extends HasMetadata> T create(EmbeddedApiServer api, T resource) {
    T created = api.client().resource(resource).create();
    if (hasStatus(resource)) {
      copyStatus(resource, created);
      return api.client().resource(created).updateStatus();
    }
    return created;
  }

  private static boolean hasStatus(HasMetadata r) {
    return (r instanceof Deployment d && d.getStatus() != null)
        || (r instanceof DeploymentGroup g && g.getStatus() != null);
  }

  private static void copyStatus(HasMetadata from, HasMetadata to) {
    if (from instanceof Deployment d) {
      ((Deployment) to).setStatus(d.getStatus());
    } else if (from instanceof DeploymentGroup g) {
      ((DeploymentGroup) to).setStatus(g.getStatus());
    }
  }

  static DeploymentGroup group(String namespace, String name) {
    DeploymentGroup g = new DeploymentGroup();
    g.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("uid-" + name)
            .build());
    DeploymentGroupSpec spec = new DeploymentGroupSpec();
    ObjectReference app = new ObjectReference();
    app.setName("storefront");
    spec.setApplicationRef(app);
    Targets targets = new Targets();
    TagFilter filter = new TagFilter();
    filter.setKey("app");
    filter.setValue(name);
    targets.setEc2TagFilters(List.of(filter));
    spec.setTargets(targets);
    g.setSpec(spec);
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    PinnedRevision good = new PinnedRevision();
    good.setS3(s3("bundles", "web/web-1.tgz"));
    good.setResolvedVersion("v-1");
    good.setSha256("3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2");
    good.setSummary("s3://bundles/web/web-1.tgz version v-1 (sha256 3f2a9c0d1e4b)");
    status.setLastSuccessfulRevision(good);
    status.setLastSuccessfulDeployment(name + "-1");
    status.setInstanceCount(2);
    status.setInstances(
        List.of(
            inventory("i-0000000000000aaa1", "eu-west-1a"),
            inventory("i-0000000000000aaa2", "eu-west-1b")));
    g.setStatus(status);
    return g;
  }

  private static InstanceInventoryEntry inventory(String id, String az) {
    InstanceInventoryEntry e = new InstanceInventoryEntry();
    e.setId(id);
    e.setAz(az);
    e.setHealth(InstanceHealth.Healthy);
    e.setRevision("3f2a9c0d1e4b");
    return e;
  }

  static S3Location s3(String bucket, String key) {
    S3Location s3 = new S3Location();
    s3.setBucket(bucket);
    s3.setKey(key);
    s3.setBundleType(BundleType.tgz);
    return s3;
  }

  static Deployment deployment(String namespace, String name, String group, DeploymentPhase phase) {
    Deployment d = new Deployment();
    d.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("uid-" + name)
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference ref = new ObjectReference();
    ref.setName(group);
    spec.setDeploymentGroupRef(ref);
    Revision revision = new Revision();
    revision.setS3(s3("bundles", "web/" + name + ".tgz"));
    spec.setRevision(revision);
    d.setSpec(spec);
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(phase);
    status.setCreator(DeploymentCreator.USER);
    d.setStatus(status);
    return d;
  }

  /**
   * A deployment that failed in its second batch: batch 1 succeeded on one instance, batch 2 failed
   * on one (ValidateService, with diagnostics and a pointer to the full log) and skipped one.
   */
  static Deployment failedRollout(String namespace, String name, String group) {
    Deployment d = deployment(namespace, name, group, DeploymentPhase.Failed);
    DeploymentStatus s = d.getStatus();
    s.setDeploymentConfig("OneAtATime");
    s.setStartTime("2026-01-05T10:00:00Z");
    s.setCompletionTime("2026-01-05T10:01:05Z");
    s.setProgress("2/3");
    Overview overview = new Overview();
    overview.setSucceeded(1);
    overview.setFailed(1);
    overview.setSkipped(1);
    s.setOverview(overview);
    ErrorInformation error = new ErrorInformation();
    error.setCode(ErrorCode.HEALTH_CONSTRAINTS);
    error.setMessage("1 instance(s) failed; fewer than the minimum healthy would remain");
    s.setErrorInformation(error);
    s.setBatchesStarted(2);
    s.setBatches(
        List.of(
            batch(1, "2026-01-05T10:00:00Z", "2026-01-05T10:00:20Z"),
            batch(2, "2026-01-05T10:00:21Z", "2026-01-05T10:01:05Z")));
    InstanceStatus ok = instance("i-0000000000000aaa1", 1, ExecutionStatus.Succeeded);
    ok.setStartTime("2026-01-05T10:00:00Z");
    ok.setEndTime("2026-01-05T10:00:20Z");
    ok.setLastEvent("ValidateService");
    InstanceStatus bad = instance("i-0000000000000aaa2", 2, ExecutionStatus.Failed);
    bad.setStartTime("2026-01-05T10:00:21Z");
    bad.setEndTime("2026-01-05T10:01:05Z");
    bad.setErrorCode("ScriptFailed");
    bad.setLastEvent("ValidateService");
    bad.setMessage("ValidateService failed: ScriptFailed in scripts/check.sh: exit code 4");
    bad.setEvents(
        List.of(
            event("ApplicationStop", ExecutionStatus.Skipped, null, null),
            event("DownloadBundle", ExecutionStatus.Succeeded, 1200L, null),
            event("Install", ExecutionStatus.Succeeded, 300L, null),
            event("ValidateService", ExecutionStatus.Failed, 42000L, diagnostics())));
    InstanceStatus skipped = instance("i-0000000000000aaa3", null, ExecutionStatus.Skipped);
    skipped.setMessage("not deployed: the deployment failed first");
    s.setInstances(List.of(ok, bad, skipped));
    return d;
  }

  private static Diagnostics diagnostics() {
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.setErrorCode("ScriptFailed");
    diagnostics.setScriptName("scripts/check.sh");
    diagnostics.setMessage(
        "Script at specified location: scripts/check.sh failed with exit code 4");
    diagnostics.setLogTail(
        "[stdout]diagnostic line 59: no answer\n[stdout]diagnostic line 60: no answer\n"
            + "[stdout]check failed: port 8080 refused connections\n[stderr]curl: (7) refused\n");
    FullLogLocation full = new FullLogLocation();
    full.setLogGroupName("/fleetdeploy/shop/web");
    full.setLogStreamName("0b7e-cmd/i-0000000000000aaa2/fleetdeployRunner/stderr");
    diagnostics.setFullLog(full);
    return diagnostics;
  }

  private static BatchStatus batch(int number, String start, String end) {
    BatchStatus b = new BatchStatus();
    b.setNumber(number);
    b.setSize(1);
    b.setStartTime(start);
    b.setEndTime(end);
    return b;
  }

  private static InstanceStatus instance(String id, Integer batch, ExecutionStatus status) {
    InstanceStatus i = new InstanceStatus();
    i.setId(id);
    i.setBatch(batch);
    i.setStatus(status);
    return i;
  }

  private static LifecycleEventStatus event(
      String name, ExecutionStatus status, Long ms, Diagnostics diagnostics) {
    LifecycleEventStatus e = new LifecycleEventStatus();
    e.setName(name);
    e.setStatus(status);
    e.setDurationMs(ms);
    e.setDiagnostics(diagnostics);
    return e;
  }
}
