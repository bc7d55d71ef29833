package io.fleetdeploy.fleet.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.hostplan.HostRunnerScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import software.amazon.awssdk.services.ssm.model.DocumentAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;

/**
 * The SSM Command document fleetdeploy owns: it carries the host runner (compressed, so the
 * document with its parameters stays far below SSM's 64 KB) and runs it with the plan given as a
 * parameter. Its name carries the digest of its content, so each runner version is its own
 * document, created once and never changed under a running deployment, and IAM can scope {@code
 * ssm:SendCommand} to {@code document/fleetdeploy-runner-*}.
 *
 * <p>On the host the runner's progress lines go to stderr and only its result line to stdout: SSM's
 * invocation listings keep the first 2,500 characters of stdout, which then hold the whole result
 * of a successful host, and GetCommandInvocation the first 24,000, which hold any result. The
 * runner copies its deployment log (every hook's output) to stderr as it runs ({@code
 * --log-stderr}): that is the full output SSM sends to CloudWatch Logs or S3 when a group's
 * spec.logging asks for it.
 */
public final class RunnerDocument {
  public static final String NAME_PREFIX = "fleetdeploy-runner-";
  static final String PLAN = "plan";
  static final String EXECUTION_TIMEOUT = "executionTimeout";

  /** The document's one step: SSM names output streams and objects after it. */
  static final String STEP = "fleetdeployRunner";

  /**
   * SSM counts a document and the parameter values of a command run with it together against this.
   */
  static final int MAX_DOCUMENT_AND_PARAMETERS_BYTES = 64 * 1024;

  /** The longest value the execution timeout parameter's pattern allows. */
  private static final int MAX_TIMEOUT_DIGITS = 6;

  private final AwsClients aws;
  private final String content;
  private final String name;
  private volatile boolean ensured;

  public RunnerDocument(AwsClients aws) {
    this(aws, HostRunnerScript.get().bytes());
  }

  RunnerDocument(AwsClients aws, byte[] runner) {
    this.aws = aws;
    this.content = content(runner);
    this.name = NAME_PREFIX + sha256(content).substring(0, 16);
  }

  public String name() {
    return name;
  }

  String content() {
    return content;
  }

  /** How many bytes a command's plan parameter may have, so that SSM accepts the send. */
  public int planCapacity() {
    return MAX_DOCUMENT_AND_PARAMETERS_BYTES
        - content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        - PLAN.length()
        - EXECUTION_TIMEOUT.length()
        - MAX_TIMEOUT_DIGITS;
  }

  /** Creates the document unless it exists (once per operator process). */
  public String ensure() {
    if (!ensured) {
      synchronized (this) {
        if (!ensured) {
          if (!exists()) {
            try {
              AwsErrors.run(
                  "SSM CreateDocument " + name,
                  () ->
                      aws.ssm()
                          .createDocument(
                              b ->
                                  b.name(name)
                                      .content(content)
                                      .documentType(DocumentType.COMMAND)
                                      .documentFormat(DocumentFormat.JSON)));
            } catch (io.fleetdeploy.fleet.FleetException e) {
              if (!(e.getCause() instanceof DocumentAlreadyExistsException)) {
                throw e;
              }
            }
          }
          ensured = true;
        }
      }
    }
    return name;
  }

  private boolean exists() {
    try {
      aws.ssm().describeDocument(b -> b.name(name));
      return true;
    } catch (InvalidDocumentException e) {
      return false;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsErrors.classify("SSM DescribeDocument " + name, e);
    }
  }

  private static String content(byte[] runner) {
    String packed = Base64.getEncoder().encodeToString(deflate(runner));
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = json.createObjectNode();
    doc.put("schemaVersion", "2.2");
    doc.put(
        "description",
        "fleetdeploy host runner: runs a CodeDeploy-style host plan (AppSpec lifecycle events)"
            + " for one deployment on this instance. Managed by the fleetdeploy operator; do not edit.");
    ObjectNode parameters = doc.putObject("parameters");
    parameters
        .putObject(PLAN)
        .put("type", "String")
        .put("description", "The host plan, JSON in base64.")
        .put("allowedPattern", "^[A-Za-z0-9+/=]+$");
    parameters
        .putObject(EXECUTION_TIMEOUT)
        .put("type", "String")
        .put("description", "Seconds the whole plan may take.")
        .put("default", "3600")
        .put("allowedPattern", "^[0-9]{1,6}$");
    ObjectNode step = doc.putArray("mainSteps").addObject();
    step.put("action", "aws:runShellScript");
    step.put("name", STEP);
    ObjectNode inputs = step.putObject("inputs");
    inputs.put("timeoutSeconds", "{{ " + EXECUTION_TIMEOUT + " }}");
    ArrayNode lines = inputs.putArray("runCommand");
    String digest = sha256Hex(runner).substring(0, 16);
    lines.add("#!/bin/bash");
    lines.add("set -u");
    lines.add("umask 077");
    lines.add("work=$(mktemp -d /tmp/fleetdeploy.XXXXXX) || exit 2");
    lines.add("trap 'rm -rf \"$work\"' EXIT");
    // FD_SIM_ROOT is set only by the fleetdeploy simulator: a simulated host's root directory.
    // The runner is unpacked once per host and version, into its own state directory; python
    // runs without site packages (-S): the runner needs the standard library only, and starts
    // faster.
    lines.add("runner=\"${FD_SIM_ROOT:-}/var/lib/fleetdeploy/runner/" + digest + ".py\"");
    lines.add(
        "if [ ! -s \"$runner\" ]; then mkdir -p \"$(dirname \"$runner\")\" && python3 -S -c "
            + "'import base64,sys,zlib; sys.stdout.buffer.write(zlib.decompress(base64.b64decode(sys.argv[1])))' '"
            + packed
            + "' > \"$runner.$$\" && mv -f \"$runner.$$\" \"$runner\" || exit 2; fi");
    // The plan (it holds a presigned URL) goes to a root-only file by a shell builtin, never into
    // a command line, which every local user can read in /proc.
    lines.add("printf '%s' '{{ " + PLAN + " }}' > \"$work/plan\" || exit 2");
    lines.add(
        "python3 -S \"$runner\" --plan-base64-file \"$work/plan\" --log-stderr"
            + " --root \"${FD_SIM_ROOT:-/}\" > \"$work/out\"");
    lines.add("rc=$?");
    lines.add("grep -v '^FLEETDEPLOY-RESULT ' \"$work/out\" >&2");
    lines.add("grep '^FLEETDEPLOY-RESULT ' \"$work/out\" | tail -n 1");
    lines.add("exit $rc");
    try {
      return json.writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] deflate(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflater =
        new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
      deflater.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
