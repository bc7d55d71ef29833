package io.fleetdeploy.admission;

import java.nio.file.Path;

/** Where the build writes the CRDs and where the repository keeps them. */
final class GeneratedCrds {
  static final Path GENERATED_DIR = Path.of("target", "classes", "META-INF", "fabric8");
  static final Path COMMITTED_DIR = Path.of("..", "crds");

  private GeneratedCrds() {}

  static Path generated(String plural) {
    return GENERATED_DIR.resolve(plural + ".fleetdeploy.io-v1.yml");
  }

  static Path committed(String plural) {
    return COMMITTED_DIR.resolve(plural + ".fleetdeploy.io.yaml");
  }
}
