package io.fleetdeploy.rollout;

/**
 * A rollout setting given as plain text or numbers that cannot be used. The message names the
 * field, what was wrong and what would be accepted, so it can go to a user as it is.
 */
public final class RolloutSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public RolloutSettingException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /**
   * The offending field as a path relative to the setting, e.g. {@code minimumHealthyHosts.value}.
   */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field name. */
  public String problem() {
    return problem;
  }
}
