package io.fleetdeploy.demo;

/** Which story {@code fleetdeploy demo} tells. */
public enum DemoStory {
  /** samples/demo: two releases, an Auto Scaling scale-out in the middle of the first. */
  basic("demo"),
  /**
   * samples/demo-production: the fleet behind a target group that each batch leaves and drains
   * before its hosts are touched, and a CloudWatch alarm that fires in the middle of the second
   * release, which stops it and rolls it back.
   */
  production("demo-production");

  private final String samplesDirectory;

  DemoStory(String samplesDirectory) {
    this.samplesDirectory = samplesDirectory;
  }

  /** The directory under samples/ that holds its manifests. */
  public String samplesDirectory() {
    return samplesDirectory;
  }
}
