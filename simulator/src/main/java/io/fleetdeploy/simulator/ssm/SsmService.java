package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.Faults;
import io.fleetdeploy.simulator.codec.JsonReader;
import io.fleetdeploy.simulator.codec.JsonSyntaxException;
import io.fleetdeploy.simulator.codec.JsonWriter;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS Systems Manager over the AWS JSON 1.1 protocol ({@code X-Amz-Target: AmazonSSM.<Op>}): Run
 * Command, Command documents, managed-instance inventory and tags.
 */
public final class SsmService implements AwsService, AutoCloseable {
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Set<String> OPERATIONS =
      Set.of(
          "SendCommand",
          "ListCommands",
          "ListCommandInvocations",
          "GetCommandInvocation",
          "CancelCommand",
          "CreateDocument",
          "UpdateDocument",
          "UpdateDocumentDefaultVersion",
          "DescribeDocument",
          "GetDocument",
          "DeleteDocument",
          "ListDocuments",
          "DescribeInstanceInformation",
          "AddTagsToResource",
          "RemoveTagsFromResource",
          "ListTagsForResource");

  private final CommandRunner runner;
  private final CommandScheduler scheduler;
  private final RunCommandApi runCommand;
  private final DocumentApi documents;
  private final ManagedInstanceApi managedInstances;

  public SsmService(
      Fleet fleet,
      Faults faults,
      SimClock clock,
      IdGenerator ids,
      int maxConcurrentCommands,
      List<Path> hostPath,
      CommandOutputSink outputSink,
      io.fleetdeploy.simulator.HostModel hostModel,
      long seed) {
    CommandStore store = new CommandStore();
    DocumentStore documentStore = new DocumentStore(fleet.accountId(), clock.now());
    this.runner =
        new CommandRunner(
            store,
            clock,
            faults,
            fleet,
            fleet.region(),
            maxConcurrentCommands,
            hostPath,
            outputSink,
            hostModel == null ? null : new ModelledRuns(hostModel, seed));
    this.scheduler = new CommandScheduler(store, fleet, faults, runner, clock);
    this.runCommand = new RunCommandApi(fleet, clock, ids, documentStore, store, scheduler);
    this.documents = new DocumentApi(documentStore, clock);
    this.managedInstances = new ManagedInstanceApi(fleet, faults, clock, documentStore);
  }

  @Override
  public String name() {
    return "ssm";
  }

  /** Delivers, times out and finishes invocations that are due. */
  public void tick() {
    scheduler.tick();
  }

  /**
   * When the modelled host run of a deployment started and ended on an instance; empty with real
   * hosts (their runner records it on the host) or when it did not run there.
   */
  public java.util.Optional<io.fleetdeploy.simulator.HostModel.Timing> modelledRun(
      String instanceId, String deploymentId) {
    return runner.modelledTiming(instanceId, deploymentId);
  }

  /** A host started stopping or shutting down. */
  public void hostDown(String instanceId) {
    scheduler.hostDown(instanceId);
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Kills every process still running for any host under this directory (simulator shutdown). */
  public static int killProcessesUnder(java.nio.file.Path instancesDir) {
    return InstanceProcesses.killAllUnder(instancesDir);
  }

  @Override
  public String operation(SimRequest request) {
    String target = request.header("X-Amz-Target");
    String op =
        target != null && target.startsWith("AmazonSSM.")
            ? target.substring("AmazonSSM.".length())
            : null;
    if (op == null || !OPERATIONS.contains(op) || !"POST".equals(request.method())) {
      throw new ApiException(
          "UnknownOperationException",
          "The simulator's SSM does not implement " + (op == null ? "this request" : op) + ".",
          400);
    }
    return op;
  }

  @Override
  public ApiException throttled() {
    return new ApiException("ThrottlingException", "Rate exceeded", 400);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    String type =
        switch (e.code()) {
          case "ValidationException" -> "com.amazon.coral.validate#ValidationException";
          case "SerializationException", "UnknownOperationException" ->
              "com.amazon.coral.service#" + e.code();
          default -> e.code();
        };
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", type);
    body.put("message", e.getMessage());
    return SimResponse.of(e.status(), CONTENT_TYPE, JsonWriter.write(body))
        .withHeader("x-amzn-RequestId", request.requestId());
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    JsonArgs args;
    try {
      String text = request.bodyText().trim();
      args = new JsonArgs(text.isEmpty() ? Map.of() : JsonReader.parseObject(text));
    } catch (JsonSyntaxException e) {
      throw ApiException.badRequest(
          "SerializationException", "The request body is not valid JSON: " + e.getMessage());
    }
    Map<String, Object> result =
        switch (operation) {
          case "SendCommand" -> runCommand.sendCommand(args);
          case "ListCommands" -> runCommand.listCommands(args);
          case "ListCommandInvocations" -> runCommand.listCommandInvocations(args);
          case "GetCommandInvocation" -> runCommand.getCommandInvocation(args);
          case "CancelCommand" -> runCommand.cancelCommand(args);
          case "CreateDocument" -> documents.createDocument(args);
          case "UpdateDocument" -> documents.updateDocument(args);
          case "UpdateDocumentDefaultVersion" -> documents.updateDocumentDefaultVersion(args);
          case "DescribeDocument" -> documents.describeDocument(args);
          case "GetDocument" -> documents.getDocument(args);
          case "DeleteDocument" -> documents.deleteDocument(args);
          case "ListDocuments" -> documents.listDocuments(args);
          case "DescribeInstanceInformation" -> managedInstances.describeInstanceInformation(args);
          case "AddTagsToResource" -> managedInstances.addTags(args);
          case "RemoveTagsFromResource" -> managedInstances.removeTags(args);
          case "ListTagsForResource" -> managedInstances.listTags(args);
          default -> throw new IllegalStateException("unrouted operation " + operation);
        };
    return SimResponse.of(200, CONTENT_TYPE, JsonWriter.write(result))
        .withHeader("x-amzn-RequestId", request.requestId());
  }
}
