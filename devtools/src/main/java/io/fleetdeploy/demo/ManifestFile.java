package io.fleetdeploy.demo;

import io.fabric8.kubernetes.client.CustomResource;
import java.nio.file.Path;
import java.util.List;

/**
 * The fleetdeploy objects of one manifest file, in document order: one step of the demo's story.
 */
public record ManifestFile(Path file, List<CustomResource<?, ?>> objects) {
  public ManifestFile {
    objects = List.copyOf(objects);
  }
}
