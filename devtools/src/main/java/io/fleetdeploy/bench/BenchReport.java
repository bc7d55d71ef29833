package io.fleetdeploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The benchmark's output: a table for people, or one JSON object per run and a summary. */
final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchReport() {}

  /** What ran the hosts, for the first line: modelled, or real processes with which python3. */
  static String hostsLine(BenchSettings settings) {
    return settings.hosts() == BenchSettings.HostMode.modelled
        ? String.format(
            Locale.ROOT,
            "modelled hosts (no processes; %d ms per hooked event, jitter %.2f, failure rate %.3f)",
            settings.hookMs(),
            settings.jitter(),
            settings.failureRate())
        : "real host processes: hosts run the runner with " + settings.python().describe();
  }

  static ObjectNode json(BenchRun r, BenchSettings settings) {
    ObjectNode o = JSON.createObjectNode();
    if (settings.hosts() == BenchSettings.HostMode.modelled) {
      // The hosts cost nothing here: wall / ideal is the controller's own overhead.
      o.put("ratio", round(r.ratio()));
    }
    o.put("hosts", r.hosts());
    o.put("run", r.run());
    o.put("instances", r.instances());
    o.put("groups", r.groups());
    o.put("config", r.config());
    o.put("hookMs", r.hookMs());
    o.put("throttlePercent", r.throttlePercent());
    o.put("phase", r.phase());
    o.put("batches", r.batches());
    o.put("hostsMeasured", r.hostsMeasured());
    o.put("instancesFailed", r.instancesFailed());
    o.put("wallSeconds", round(r.wallSeconds()));
    o.put("idealSeconds", round(r.idealSeconds()));
    o.put("ratio", round(r.ratio()));
    o.put("hostSpanSeconds", round(r.hostSpanSeconds()));
    o.put("ratioToHostSpan", round(r.ratioToHostSpan()));
    o.put("overheadPerInstanceMs", round(r.overheadPerInstanceMs()));
    o.put("overheadPerBatchMs", round(r.overheadPerBatchMs()));
    o.put("controllerCpuSeconds", round(r.controllerCpuSeconds()));
    o.put("processCpuSeconds", round(r.processCpuSeconds()));
    o.put("peakHeapMiB", round(r.peakHeapMiB()));
    o.put("liveHeapMiB", round(r.liveHeapMiB()));
    o.put("awsCallsPerInstance", round(r.awsCallsPerInstance()));
    ObjectNode byApi = o.putObject("awsCallsPerInstanceByApi");
    r.awsCalls().forEach((api, n) -> byApi.put(api, round((double) n / r.instances())));
    o.put("throttles", r.throttled());
    o.put("kubernetesWritesPerInstance", round(r.kubernetesWritesPerInstance()));
    o.put("kubernetesBytesWrittenPerInstance", round(r.kubernetesBytesPerInstance()));
    ObjectNode writes = o.putObject("kubernetesWrites");
    r.kubernetesWrites().forEach(writes::put);
    ObjectNode bytes = o.putObject("kubernetesBytesWritten");
    r.kubernetesBytes().forEach(bytes::put);
    o.put("deploymentObjectBytes", r.deploymentBytes());
    python(o, settings.python());
    return o;
  }

  /** Which interpreter the hosts ran: a slower one makes every host, and the results, slower. */
  private static void python(ObjectNode o, PythonInterpreter python) {
    if (python == null) {
      return;
    }
    ObjectNode p = o.putObject("python");
    p.put("path", python.path().toString());
    p.put("executable", python.executable().toString());
    p.put("version", python.version());
  }

  /** The medians of every number of the runs. */
  static ObjectNode summary(List<BenchRun> runs, BenchSettings settings) {
    ObjectNode o = JSON.createObjectNode();
    o.put("summary", true);
    o.put("hosts", settings.hosts().name());
    o.put("runs", runs.size());
    BenchRun first = runs.get(0);
    o.put("instances", first.instances());
    o.put("groups", first.groups());
    o.put("config", first.config());
    o.put("hookMs", first.hookMs());
    o.put("throttlePercent", first.throttlePercent());
    o.put("allSucceeded", runs.stream().allMatch(r -> r.phase().equals("Succeeded")));
    python(o, settings.python());
    Map<String, ToDoubleFunction<BenchRun>> medians = new TreeMap<>();
    medians.put("wallSeconds", BenchRun::wallSeconds);
    medians.put("idealSeconds", BenchRun::idealSeconds);
    medians.put("ratio", BenchRun::ratio);
    medians.put("hostSpanSeconds", BenchRun::hostSpanSeconds);
    medians.put("ratioToHostSpan", BenchRun::ratioToHostSpan);
    medians.put("overheadPerInstanceMs", BenchRun::overheadPerInstanceMs);
    medians.put("overheadPerBatchMs", BenchRun::overheadPerBatchMs);
    medians.put("controllerCpuSeconds", BenchRun::controllerCpuSeconds);
    medians.put("processCpuSeconds", BenchRun::processCpuSeconds);
    medians.put("peakHeapMiB", BenchRun::peakHeapMiB);
    medians.put("liveHeapMiB", BenchRun::liveHeapMiB);
    medians.put("awsCallsPerInstance", BenchRun::awsCallsPerInstance);
    medians.put("throttles", r -> r.throttled());
    medians.put("instancesFailed", r -> r.instancesFailed());
    medians.put("kubernetesWritesPerInstance", BenchRun::kubernetesWritesPerInstance);
    medians.put("kubernetesBytesWrittenPerInstance", BenchRun::kubernetesBytesPerInstance);
    medians.put("deploymentObjectBytes", r -> r.deploymentBytes());
    ObjectNode median = o.putObject("median");
    if (settings.hosts() == BenchSettings.HostMode.modelled) {
      median.put("ratio", round(median(runs, BenchRun::ratio)));
    }
    medians.forEach((name, f) -> median.put(name, round(median(runs, f))));
    return o;
  }

  static void text(PrintWriter out, List<BenchRun> runs, BenchSettings settings) {
    BenchRun first = runs.get(0);
    out.printf(
        Locale.ROOT,
        "fleetdeploy bench: %d instances in %d group(s), %s, hooks %d ms, %d %% throttled, %d"
            + " run(s), %s%n",
        first.instances(),
        first.groups(),
        first.config(),
        first.hookMs(),
        first.throttlePercent(),
        runs.size(),
        hostsLine(settings));
    out.printf(
        Locale.ROOT,
        "%-4s %-10s %7s %8s %8s %6s %8s %7s %8s %9s %9s %9s %10s%n",
        "run",
        "phase",
        "batches",
        "wall s",
        "ideal s",
        "ratio",
        "ctl cpu",
        "heap MiB",
        "aws/inst",
        "throttles",
        "k8s w/ins",
        "k8s B/ins",
        "object B");
    for (BenchRun r : runs) {
      out.printf(
          Locale.ROOT,
          "%-4d %-10s %7d %8.2f %8.2f %6.2f %8.2f %7.0f %8.2f %9d %9.3f %9.1f %10d%n",
          r.run(),
          r.phase(),
          r.batches(),
          r.wallSeconds(),
          r.idealSeconds(),
          r.ratio(),
          r.controllerCpuSeconds(),
          r.peakHeapMiB(),
          r.awsCallsPerInstance(),
          r.throttled(),
          r.kubernetesWritesPerInstance(),
          r.kubernetesBytesPerInstance(),
          r.deploymentBytes());
    }
    ObjectNode summary = summary(runs, settings);
    out.println("median: " + summary.get("median"));
    out.println(
        "aws calls per instance by API (median run): "
            + json(runs.get(runs.size() / 2), settings).get("awsCallsPerInstanceByApi"));
    out.flush();
  }

  private static double median(List<BenchRun> runs, ToDoubleFunction<BenchRun> f) {
    double[] values = runs.stream().mapToDouble(f).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
