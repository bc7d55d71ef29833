package io.fleetdeploy.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.embedded.EmbeddedSystem;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.operator.FleetdeployOperator;
import io.fleetdeploy.simulator.AwsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system in one JVM, as the controller tests need it: the AWS fleet simulator (real SDK
 * clients over loopback, SSM commands that really run the host runner in per-instance root
 * directories), the embedded API server (the Fabric8 mock in CRUD mode with the generated CRDs),
 * and the operator with its production wiring, only with short poll intervals.
 *
 * <p>Register it as a static field with {@code @RegisterExtension}. {@link #restartOperator()}
 * stops the operator and starts a fresh one (empty caches, new informers) on the same API server
 * and fleet, as a crash and a new leader would.
 */
public final class OperatorExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String REGION = "eu-west-1";
  public static final String BUCKET = "fleetdeploy-test-bundles";

  private Path dataDir;
  private EmbeddedSystem system;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("fleetdeploy-test-");
    system = EmbeddedSystem.start(EmbeddedSystem.Options.quick(dataDir.resolve("fleet")));
    system.simulator().createBucket(BUCKET);
    system.simulator().enableVersioning(BUCKET);
  }

  public KubernetesClient client() {
    return system.client();
  }

  public AwsSimulator simulator() {
    return system.simulator();
  }

  public AwsClients aws() {
    return system.aws();
  }

  public FleetdeployOperator operator() {
    return system.operator();
  }

  /** Stops the operator where it is and starts a new one, with nothing of the old one's memory. */
  public void restartOperator() {
    system.restartOperator();
  }

  public void stopOperator() {
    system.stopOperator();
  }

  public void startOperatorAgain() {
    system.startOperator();
  }

  /**
   * Packs test bundle {@code name} (a directory under src/test/resources/bundles) with its {@code
   * app/VERSION} set to {@code version}, uploads it, and returns its key in {@link #BUCKET}.
   */
  public String uploadBundle(String name, String version) {
    try {
      Path work = Files.createTempDirectory(dataDir, "bundle-");
      Path dir = TestBundles.copy(name, work);
      Files.writeString(dir.resolve("app/VERSION"), version + "\n");
      Path archive = TestBundles.pack(dir, BundleType.TGZ, work.resolve(name + ".tgz"));
      String key = name + "/" + name + "-" + version + ".tgz";
      system.simulator().putObject(BUCKET, key, Files.readAllBytes(archive));
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (system != null) {
      system.close();
    }
    if (dataDir != null) {
      try (Stream<Path> walk = Files.walk(dataDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
