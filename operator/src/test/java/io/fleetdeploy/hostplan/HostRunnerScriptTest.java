package io.fleetdeploy.hostplan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.LifecycleEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runner shipped in the jar: small enough for an SSM document, and in step with the Java model.
 */
class HostRunnerScriptTest {

  /**
   * The SSM document carries the runner deflated and in base64, and with the plan it must stay
   * under SSM's 64 KB; the document's own test checks the real budget. This keeps what the runner
   * takes of it under half, so that plans always have 30 KB or more, and the runner from growing
   * unnoticed.
   */
  @Test
  void staysSmallEnoughForAnSsmDocument() {
    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream deflater =
        new java.util.zip.DeflaterOutputStream(
            packed, new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION))) {
      deflater.write(HostRunnerScript.get().bytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(java.util.Base64.getEncoder().encodeToString(packed.toByteArray()).length())
        .isLessThan(32 * 1024);
  }

  @Test
  void digestIsTheSha256OfTheText() throws Exception {
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(HostRunnerScript.get().bytes()));

    assertThat(HostRunnerScript.get().sha256()).isEqualTo(expected).hasSize(64);
    assertThat(HostRunnerScript.get().text()).startsWith("#!/usr/bin/env python3");
  }

  @Test
  void parsesWithThePython38Grammar() throws Exception {
    // Stock hosts may have Python 3.8: newer syntax would break them even though CI's Python is
    // newer.
    Path script = Files.createTempFile("runner", ".py");
    try {
      Files.write(script, HostRunnerScript.get().bytes());
      Process check =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  "import ast, sys; ast.parse(open(sys.argv[1]).read(), feature_version=(3, 8))",
                  script.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(check.getInputStream().readAllBytes(), UTF_8);
      assertThat(check.waitFor()).as(output).isZero();
    } finally {
      Files.delete(script);
    }
  }

  @Test
  void runnerKnowsTheSameEventsAsTheJavaModel() {
    assertThat(tuple("ALL_EVENTS"))
        .containsExactlyElementsOf(Arrays.stream(LifecycleEvent.values()).map(Enum::name).toList());
    assertThat(tuple("SYSTEM_EVENTS"))
        .containsExactlyElementsOf(
            Arrays.stream(LifecycleEvent.values())
                .filter(LifecycleEvent::isSystemPerformed)
                .map(Enum::name)
                .toList());
    assertThat(tuple("PREVIOUS_REVISION_EVENTS"))
        .containsExactlyElementsOf(
            Arrays.stream(LifecycleEvent.values())
                .filter(LifecycleEvent::runsPreviousRevisionScripts)
                .map(Enum::name)
                .toList());
  }

  private static List<String> tuple(String name) {
    Matcher m =
        Pattern.compile("^" + name + " = \\(([^)]*)\\)", Pattern.MULTILINE)
            .matcher(HostRunnerScript.get().text());
    assertThat(m.find()).as(name + " in the runner").isTrue();
    return Arrays.stream(m.group(1).split(","))
        .map(s -> s.strip().replace("'", ""))
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
