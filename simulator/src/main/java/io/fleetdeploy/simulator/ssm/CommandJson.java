package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.codec.AwsTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands and invocations in the shapes SSM answers with (call under the command store's lock).
 */
final class CommandJson {
  private CommandJson() {}

  static Map<String, Object> command(Command c) {
    String[] status = c.status();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CommandId", c.id);
    m.put("DocumentName", c.documentName);
    m.put("DocumentVersion", documentVersionOf(c));
    m.put("Comment", c.comment);
    m.put("ExpiresAfter", AwsTime.epochSeconds(c.expiresAfter));
    m.put("Parameters", c.parameters);
    m.put("InstanceIds", c.instanceIds);
    m.put("Targets", c.targets);
    m.put("RequestedDateTime", AwsTime.epochSeconds(c.requested));
    m.put("Status", status[0]);
    m.put("StatusDetails", status[1]);
    m.put("OutputS3Region", c.echoed.get("OutputS3Region"));
    m.put("OutputS3BucketName", c.echoed.get("OutputS3BucketName"));
    m.put("OutputS3KeyPrefix", c.echoed.get("OutputS3KeyPrefix"));
    m.put("MaxConcurrency", c.maxConcurrency);
    m.put("MaxErrors", c.maxErrors);
    m.put("TargetCount", c.targetCount());
    m.put("CompletedCount", c.completedCount());
    m.put("ErrorCount", c.errorCount());
    m.put("DeliveryTimedOutCount", c.deliveryTimedOutCount());
    m.put("ServiceRole", c.echoed.get("ServiceRole"));
    m.put("NotificationConfig", c.echoed.get("NotificationConfig"));
    m.put("CloudWatchOutputConfig", c.echoed.get("CloudWatchOutputConfig"));
    m.put("TimeoutSeconds", c.timeoutSeconds);
    return m;
  }

  static Map<String, Object> invocation(Invocation inv, boolean details) {
    Command c = inv.command;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CommandId", c.id);
    m.put("InstanceId", inv.instanceId);
    m.put("InstanceName", "");
    m.put("Comment", c.comment);
    m.put("DocumentName", c.documentName);
    m.put("DocumentVersion", documentVersionOf(c));
    m.put("RequestedDateTime", AwsTime.epochSeconds(c.requested));
    m.put("Status", inv.state.status());
    m.put("StatusDetails", inv.state.details());
    m.put("TraceOutput", "");
    OutputConfig output = OutputConfig.of(c);
    // Filled at the invocation level when the document has one step, as SSM does.
    String step = inv.plugins.size() == 1 ? inv.plugins.get(0).step.name() : null;
    m.put(
        "StandardOutputUrl",
        step == null ? "" : output.s3Url(c.id, inv.instanceId, step, "stdout"));
    m.put(
        "StandardErrorUrl", step == null ? "" : output.s3Url(c.id, inv.instanceId, step, "stderr"));
    if (details) {
      List<Map<String, Object>> plugins = new ArrayList<>();
      for (PluginRun p : inv.plugins) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("Name", p.step.name());
        pm.put("Status", p.state.pluginStatus());
        pm.put("StatusDetails", p.state.details());
        pm.put("ResponseCode", p.responseCode);
        pm.put("ResponseStartDateTime", AwsTime.epochSeconds(p.startTime));
        pm.put("ResponseFinishDateTime", AwsTime.epochSeconds(p.endTime));
        pm.put("Output", p.state.isTerminal() ? p.output() : "");
        pm.put("StandardOutputUrl", output.s3Url(c.id, inv.instanceId, p.step.name(), "stdout"));
        pm.put("StandardErrorUrl", output.s3Url(c.id, inv.instanceId, p.step.name(), "stderr"));
        pm.put("OutputS3Region", c.echoed.get("OutputS3Region"));
        pm.put("OutputS3BucketName", c.echoed.get("OutputS3BucketName"));
        pm.put("OutputS3KeyPrefix", c.echoed.get("OutputS3KeyPrefix"));
        plugins.add(pm);
      }
      m.put("CommandPlugins", plugins);
    } else {
      m.put("CommandPlugins", List.of());
    }
    m.put("ServiceRole", c.echoed.get("ServiceRole"));
    m.put("NotificationConfig", c.echoed.get("NotificationConfig"));
    m.put("CloudWatchOutputConfig", c.echoed.get("CloudWatchOutputConfig"));
    return m;
  }

  static String documentVersionOf(Command c) {
    return c.documentVersionRequested == null ? "$DEFAULT" : c.documentVersionRequested;
  }
}
