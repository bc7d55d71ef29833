package io.fleetdeploy.bench;

import java.util.Map;

/**
 * What one benchmark run measured.
 *
 * @param groups DeploymentGroups sharing the fleet, each with one Deployment per run (the numbers
 *     are over all of them: batches summed, the ideal and host span of the slowest group, the
 *     largest Deployment object)
 * @param hosts how the hosts ran: {@code modelled} or {@code processes}
 * @param instancesFailed instances the deployment counted as failed (it can succeed with some)
 * @param wallSeconds from creating the Deployment to seeing it Succeeded
 * @param idealSeconds the slowest host of each batch, summed: no controller can finish sooner
 * @param hostSpanSeconds each batch from its first host's start to its last host's end, summed
 *     (includes waiting for the test rig's limited host processes)
 * @param controllerCpuSeconds CPU of the operator's threads during the run
 * @param processCpuSeconds CPU of the whole JVM (operator, simulator, API server)
 * @param peakHeapMiB peak heap of the JVM during the run (each heap pool's peak, added up)
 * @param liveHeapMiB the most heap in use right after a garbage collection during the run: what the
 *     operator, the simulator and the API server kept, together
 * @param awsCalls the operator's AWS API calls (every attempt) by "Service.Operation"
 * @param throttles attempts AWS (the simulator) answered with throttling, by API
 * @param kubernetesWrites writes the API server received from the operator, by resource
 * @param kubernetesBytes bytes of those writes, by resource
 * @param deploymentBytes the final Deployment object, serialised as JSON
 */
record BenchRun(
    int run,
    int instances,
    int groups,
    String hosts,
    String config,
    int hookMs,
    int throttlePercent,
    String phase,
    int batches,
    int hostsMeasured,
    int instancesFailed,
    double wallSeconds,
    double idealSeconds,
    double hostSpanSeconds,
    double controllerCpuSeconds,
    double processCpuSeconds,
    double peakHeapMiB,
    double liveHeapMiB,
    Map<String, Long> awsCalls,
    Map<String, Long> throttles,
    Map<String, Long> kubernetesWrites,
    Map<String, Long> kubernetesBytes,
    long deploymentBytes) {

  double ratio() {
    return idealSeconds > 0 ? wallSeconds / idealSeconds : 0;
  }

  double ratioToHostSpan() {
    return hostSpanSeconds > 0 ? wallSeconds / hostSpanSeconds : 0;
  }

  /** Controller time on top of the hosts' own, per instance and per batch (ms). */
  double overheadPerInstanceMs() {
    return instances == 0 ? 0 : (wallSeconds - idealSeconds) * 1000 / instances;
  }

  double overheadPerBatchMs() {
    return batches == 0 ? 0 : (wallSeconds - idealSeconds) * 1000 / batches;
  }

  double awsCallsPerInstance() {
    return perInstance(awsCalls.values().stream().mapToLong(Long::longValue).sum());
  }

  long throttled() {
    return throttles.values().stream().mapToLong(Long::longValue).sum();
  }

  double kubernetesWritesPerInstance() {
    return perInstance(kubernetesWrites.values().stream().mapToLong(Long::longValue).sum());
  }

  double kubernetesBytesPerInstance() {
    return perInstance(kubernetesBytes.values().stream().mapToLong(Long::longValue).sum());
  }

  private double perInstance(long total) {
    return instances == 0 ? 0 : (double) total / instances;
  }
}
