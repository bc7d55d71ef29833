package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status NAME [--watch] [--timeout D]}: a CI gate. Exit 0 Succeeded, 1 Failed or Stopped, 2
 * when --timeout passed first, 3 when it is not finished (without --watch).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "A deployment's phase and progress; with --watch, wait for its end.",
    footer = {
      "Exit codes: 0 Succeeded, 1 Failed or Stopped (or an error), 2 --timeout passed first,",
      "3 not finished yet (without --watch), 4 bad command line."
    })
final class StatusCommand implements Callable<Integer> {
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  static final int TIMED_OUT = 2;
  static final int NOT_FINISHED = 3;

  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--watch", description = "Wait until the deployment ends, printing progress.")
  boolean watch;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      description = "With --watch: give up after this long (e.g. 90s, 15m, 1h); default: no limit.")
  String timeout;

  @Option(
      names = "--interval",
      paramLabel = "D",
      defaultValue = "2s",
      description = "With --watch: how often to look (default 2s).")
  String interval;

  @Override
  public Integer call() {
    Duration limit;
    Duration every;
    try {
      limit = timeout == null ? null : DurationText.parse("--timeout", timeout);
      every = DurationText.parse("--interval", interval);
    } catch (UserError e) {
      // A bad duration is a bad command line: exit 4 with the usage hint, as the footer says.
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    Instant deadline = limit == null ? null : Instant.now().plus(limit);
    try (Kube kube = root.kube()) {
      Deployment d = kube.deployment(name);
      String last = null;
      while (true) {
        String line = line(d);
        if (!line.equals(last)) {
          out.println(line);
          out.flush();
          last = line;
        }
        if (Phases.finished(d)) {
          return Phases.of(d) == DeploymentPhase.Succeeded ? SUCCEEDED : FAILED;
        }
        if (!watch) {
          return NOT_FINISHED;
        }
        if (deadline != null && !Instant.now().isBefore(deadline)) {
          out.println(name + ": not finished after " + timeout + " (still " + Phases.of(d) + ")");
          out.flush();
          return TIMED_OUT;
        }
        Duration wait = every;
        if (deadline != null) {
          Duration left = Duration.between(Instant.now(), deadline);
          wait = left.compareTo(every) < 0 ? left : every;
        }
        Sleep.of(wait.isNegative() ? Duration.ZERO : wait);
        d = kube.deployment(name);
      }
    }
  }

  private static String line(Deployment d) {
    var s = d.getStatus();
    StringBuilder out =
        new StringBuilder(d.getMetadata().getName()).append(": ").append(Phases.of(d));
    if (s != null && s.getProgress() != null) {
      out.append(' ').append(s.getProgress());
    }
    if (s != null && s.getErrorInformation() != null) {
      out.append(' ').append(s.getErrorInformation().getCode());
      if (s.getErrorInformation().getMessage() != null) {
        String m = s.getErrorInformation().getMessage().strip();
        int nl = m.indexOf('\n');
        out.append(": ").append(nl < 0 ? m : m.substring(0, nl) + " …");
      }
    }
    return out.toString();
  }
}
