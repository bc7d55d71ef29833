package io.fleetdeploy.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The manifests under the repository's samples/ directory, for tests. */
public final class Samples {
  /**
   * Surefire runs in a module's directory (operator/ or devtools/); the samples sit at the
   * repository root.
   */
  public static final Path ROOT = Path.of("..", "samples").toAbsolutePath().normalize();

  private Samples() {}

  public static <T> T load(String relativePath, Class<T> type) {
    try {
      return Serialization.unmarshal(Files.readString(ROOT.resolve(relativePath)), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
