package io.fleetdeploy.appspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking an AppSpec: the model when it would deploy, and every problem found.
 *
 * @param appSpec present only when there is no error
 */
public record AppSpecReport(Optional<AppSpec> appSpec, List<Problem> problems) {

  public AppSpecReport {
    problems = List.copyOf(problems);
    if (appSpec.isPresent() && problems.stream().anyMatch(Problem::isError)) {
      throw new IllegalArgumentException("an AppSpec with errors has no model");
    }
  }

  public static AppSpecReport rejected(List<Problem> problems) {
    return new AppSpecReport(Optional.empty(), problems);
  }

  /** True when a deployment of this bundle would start (warnings allowed). */
  public boolean isDeployable() {
    return appSpec.isPresent();
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** The same report with more warnings, e.g. about the bundle around the AppSpec. */
  public AppSpecReport withWarnings(List<Problem> more) {
    List<Problem> all = new ArrayList<>(problems);
    all.addAll(more);
    return new AppSpecReport(appSpec, all);
  }

  /** All problems on one line each, for a Kubernetes condition message or a log. */
  public String summary() {
    return String.join("\n", problems.stream().map(Problem::toString).toList());
  }
}
