package io.fleetdeploy.appspec;

/** The kinds of installed objects a permissions rule applies to. */
public enum PermissionType {
  FILE("file"),
  DIRECTORY("directory");

  private final String yamlName;

  PermissionType(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The spelling used in appspec files and in host plans. */
  public String yamlName() {
    return yamlName;
  }
}
