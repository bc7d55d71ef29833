package io.fleetdeploy.hostplan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The host runner ({@code fleetdeploy_runner.py}) as shipped in the operator jar: the text the SSM
 * document carries to hosts and its sha256 (to name the document version that carries it).
 */
public final class HostRunnerScript {
  public static final String RESOURCE = "/io/fleetdeploy/runner/fleetdeploy_runner.py";
  public static final String FILE_NAME = "fleetdeploy_runner.py";

  private static final HostRunnerScript INSTANCE = load();

  private final String text;
  private final String sha256;

  private HostRunnerScript(String text, String sha256) {
    this.text = text;
    this.sha256 = sha256;
  }

  public static HostRunnerScript get() {
    return INSTANCE;
  }

  public String text() {
    return text;
  }

  public byte[] bytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Lower-case hex sha256 of {@link #bytes()}. */
  public String sha256() {
    return sha256;
  }

  private static HostRunnerScript load() {
    try (InputStream in = HostRunnerScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the host runner " + RESOURCE);
      }
      byte[] bytes = in.readAllBytes();
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      return new HostRunnerScript(new String(bytes, StandardCharsets.UTF_8), digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
