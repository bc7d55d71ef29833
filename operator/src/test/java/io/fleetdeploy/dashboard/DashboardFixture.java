package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.DeclaredRevisionStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ErrorInformation;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.api.v1alpha1.Overview;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.testing.Resources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Objects with the status a rollout leaves, written to the embedded API server for the tests. */
final class DashboardFixture {
  static final String LOG_TAIL = "starting app\nERROR: port 8080 already in use\n";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private DashboardFixture() {}

  static Application application(KubernetesClient client, String ns, String name) {
    return client.resource(Resources.application(ns, name)).create();
  }

  /** A group of {@code size} instances in two zones, with a last good revision. */
  static DeploymentGroup group(
      KubernetesClient client, String ns, String name, int size, String declaredDeployment) {
    DeploymentGroup g = Resources.group(ns, name, "app", name, null);
    g.getSpec().setApplicationRef(Resources.ref("shop"));
    if (declaredDeployment != null) {
      g.getSpec().setRevision(Resources.s3("bundles", "web-2.tgz"));
    }
    DeploymentGroup created = client.resource(g).create();
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setInstanceCount(size);
    List<InstanceInventoryEntry> inventory = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      InstanceInventoryEntry e = new InstanceInventoryEntry();
      e.setId(instanceId(i));
      e.setAz(i % 2 == 0 ? "eu-west-1a" : "eu-west-1b");
      e.setHealth(i == 0 ? InstanceHealth.Unhealthy : InstanceHealth.Healthy);
      e.setRevision("1a2b3c4d");
      inventory.add(e);
    }
    status.setInstances(inventory);
    status.setLastSuccessfulRevision(pinned("web-1.tgz", "1a2b3c4d5e6f"));
    status.setLastSuccessfulDeployment(name + "-1");
    if (declaredDeployment != null) {
      DeclaredRevisionStatus declared = new DeclaredRevisionStatus();
      declared.setDeployment(declaredDeployment);
      declared.setIdentity("abc");
      status.setDeclaredRevision(declared);
    }
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  /**
   * A deployment of {@code size} instances in batches of half: instance 0 failed in
   * ApplicationStart with a log tail, the rest succeeded (or are pending while it runs).
   */
  static Deployment deployment(
      KubernetesClient client,
      String ns,
      String name,
      String group,
      int size,
      DeploymentPhase phase) {
    Deployment created =
        client.resource(Resources.deployment(ns, name, group, "bundles", "web-2.tgz")).create();
    DeploymentStatus s = new DeploymentStatus();
    s.setPhase(phase);
    s.setInstanceCount(size);
    s.setStartTime("2026-01-05T10:00:00Z");
    if (phase == DeploymentPhase.Failed || phase == DeploymentPhase.Succeeded) {
      s.setCompletionTime("2026-01-05T10:01:30Z");
    }
    s.setRevision(pinned("web-2.tgz", "9f8e7d6c5b4a"));
    Overview overview = new Overview();
    boolean running = phase == DeploymentPhase.InProgress;
    overview.setFailed(1);
    overview.setSucceeded(running ? size / 2 - 1 : size - 1);
    overview.setPending(running ? size - size / 2 : 0);
    s.setOverview(overview);
    if (phase == DeploymentPhase.Failed) {
      ErrorInformation error = new ErrorInformation();
      error.setCode(ErrorCode.HEALTH_CONSTRAINTS);
      error.setMessage("too many instances failed");
      s.setErrorInformation(error);
    }
    BatchStatus first = new BatchStatus();
    first.setNumber(1);
    first.setSize(size / 2);
    first.setStartTime("2026-01-05T10:00:00Z");
    first.setEndTime("2026-01-05T10:00:40Z");
    s.setBatches(List.of(first));
    List<InstanceStatus> instances = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      InstanceStatus is = new InstanceStatus();
      is.setId(instanceId(i));
      is.setBatch(i < size / 2 ? 1 : 2);
      if (i == 0) {
        is.setStatus(ExecutionStatus.Failed);
        is.setErrorCode("ScriptFailed");
        is.setLastEvent("ApplicationStart");
        is.setStartTime("2026-01-05T10:00:00Z");
        is.setEndTime("2026-01-05T10:00:12Z");
        is.setEvents(
            List.of(event("DownloadBundle", ExecutionStatus.Succeeded, null), failedStart()));
      } else if (running && i >= size / 2) {
        is.setStatus(ExecutionStatus.Pending);
      } else {
        is.setStatus(ExecutionStatus.Succeeded);
        is.setStartTime("2026-01-05T10:00:00Z");
        is.setEndTime("2026-01-05T10:00:10Z");
      }
      instances.add(is);
    }
    s.setInstances(instances);
    created.setStatus(s);
    return client.resource(created).updateStatus();
  }

  static String instanceId(int i) {
    return String.format("i-%017x", i);
  }

  private static LifecycleEventStatus failedStart() {
    Diagnostics d = new Diagnostics();
    d.setErrorCode("ScriptFailed");
    d.setScriptName("scripts/start.sh");
    d.setMessage("script exited with 1");
    d.setLogTail(LOG_TAIL);
    return event("ApplicationStart", ExecutionStatus.Failed, d);
  }

  private static LifecycleEventStatus event(
      String name, ExecutionStatus status, Diagnostics diagnostics) {
    LifecycleEventStatus e = new LifecycleEventStatus();
    e.setName(name);
    e.setStatus(status);
    e.setStartTime("2026-01-05T10:00:01Z");
    e.setDurationMs(1500L);
    e.setDiagnostics(diagnostics);
    return e;
  }

  static PinnedRevision pinned(String key, String sha) {
    PinnedRevision p = new PinnedRevision();
    S3Location s3 = new S3Location();
    s3.setBucket("bundles");
    s3.setKey(key);
    p.setS3(s3);
    p.setSha256(sha);
    p.setResolvedVersion("v1");
    p.setSummary("bundles/" + key + "@" + sha.substring(0, 8));
    return p;
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(int port, String path, String user, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("X-Forwarded-User", user).header("X-Forwarded-Groups", "shop-team");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
