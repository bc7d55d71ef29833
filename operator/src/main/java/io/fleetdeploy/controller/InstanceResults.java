package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every per-instance result of a Deployment, whatever the layout of its status: the one way to read
 * them (controllers, dashboard, kubectl plugin, benchmark).
 *
 * <p>Up to {@value #TABLE_ABOVE} instances, {@code status.instances} has one entry per instance.
 * Above, one entry each would outgrow the object (50,000 entries are about 3 MB; etcd takes 1.5
 * MiB, and the CRD allows 10,000 items): {@code status.instanceTable} then holds every instance in
 * rollout order as compact lines (id, status, batch, error code), gzip-compressed and in base64
 * (about 12 bytes an instance), and {@code status.instances} only the detailed entries (failed
 * instances with their events, bounded by the compactor), which override the table's line. Both
 * live in the one object, so the batch a reconcile marks before it sends is still one write.
 */
public final class InstanceResults {
  /** Above this many instances the status uses the table. */
  public static final int TABLE_ABOVE = 5_000;

  private InstanceResults() {}

  /** All instances of the deployment, in rollout order; empty before it started. */
  public static List<InstanceStatus> of(Deployment deployment) {
    return deployment.getStatus() == null ? List.of() : of(deployment.getStatus());
  }

  /** All instances of a status, in rollout order. */
  /** One instance's result in a deployment, whatever the layout. */
  public static java.util.Optional<InstanceStatus> find(Deployment deployment, String instanceId) {
    return of(deployment).stream().filter(i -> instanceId.equals(i.getId())).findFirst();
  }

  public static List<InstanceStatus> of(DeploymentStatus status) {
    if (status.getInstanceTable() == null) {
      return status.getInstances() == null ? List.of() : status.getInstances();
    }
    Map<String, InstanceStatus> byId = new LinkedHashMap<>();
    for (InstanceStatus entry : decode(status.getInstanceTable())) {
      byId.put(entry.getId(), entry);
    }
    if (status.getInstances() != null) {
      for (InstanceStatus detailed : status.getInstances()) {
        byId.put(detailed.getId(), detailed);
      }
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * Puts {@code instances} (every instance, in rollout order, already compacted) into {@code
   * status}: as entries up to {@value #TABLE_ABOVE}, else as the table plus the entries that carry
   * detail.
   */
  public static void store(DeploymentStatus status, List<InstanceStatus> instances) {
    if (instances.size() <= TABLE_ABOVE) {
      status.setInstanceTable(null);
      status.setInstances(instances);
      return;
    }
    status.setInstanceTable(encode(instances));
    List<InstanceStatus> detailed = new ArrayList<>();
    for (InstanceStatus i : instances) {
      // The table has id, status, batch and error code; an entry with more keeps it here. Times
      // are not kept at this size (the batches have them), as the compactor already decided.
      if (i.getEvents() != null || i.getMessage() != null) {
        detailed.add(i);
      }
    }
    status.setInstances(detailed.isEmpty() ? null : detailed);
  }

  static String encode(List<InstanceStatus> instances) {
    StringBuilder lines = new StringBuilder(instances.size() * 40);
    for (InstanceStatus i : instances) {
      lines
          .append(i.getId())
          .append('\t')
          .append(i.getStatus() == null ? ExecutionStatus.Pending.name() : i.getStatus().name())
          .append('\t')
          .append(i.getBatch() == null ? "" : i.getBatch().toString())
          .append('\t')
          .append(i.getErrorCode() == null ? "" : i.getErrorCode())
          .append('\n');
    }
    return CompressedTable.pack(lines);
  }

  static List<InstanceStatus> decode(String table) {
    String text =
        CompressedTable.unpack(table, "status.instanceTable is not a fleetdeploy instance table");
    List<InstanceStatus> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      InstanceStatus i = new InstanceStatus();
      i.setId(f[0]);
      i.setStatus(ExecutionStatus.valueOf(f[1]));
      i.setBatch(f.length > 2 && !f[2].isEmpty() ? Integer.valueOf(f[2]) : null);
      i.setErrorCode(f.length > 3 && !f[3].isEmpty() ? f[3] : null);
      out.add(i);
    }
    return out;
  }
}
