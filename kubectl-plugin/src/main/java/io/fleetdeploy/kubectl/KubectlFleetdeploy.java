package io.fleetdeploy.kubectl;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubectl fleetdeploy} (also {@code kubectl fd}): fleetdeploy's Deployments from a terminal.
 * Talks to the API server as the user, with their kubeconfig, context and namespace, as kubectl
 * does; reads full hook logs with the user's own AWS credentials.
 */
@Command(
    name = "kubectl-fleetdeploy",
    mixinStandardHelpOptions = true,
    versionProvider = KubectlFleetdeploy.Version.class,
    description =
        "Watch, create, stop, retry and roll back fleetdeploy Deployments; read hook logs.",
    subcommands = {
      GetCommand.class,
      ListCommand.class,
      CreateCommand.class,
      StatusCommand.class,
      StopCommand.class,
      RetryCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      LogsCommand.class,
      DashboardCommand.class,
      InstallCommand.class
    })
public final class KubectlFleetdeploy implements Runnable {
  /** Exit code of a command line kubectl-fleetdeploy cannot understand. */
  static final int USAGE = 4;

  @Option(
      names = {"-n", "--namespace"},
      scope = CommandLine.ScopeType.INHERIT,
      description = "Namespace (default: the context's, else default).")
  String namespace;

  @Option(
      names = "--context",
      scope = CommandLine.ScopeType.INHERIT,
      description = "kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = "--kubeconfig",
      scope = CommandLine.ScopeType.INHERIT,
      description = "kubeconfig file (default: KUBECONFIG, else ~/.kube/config).")
  String kubeconfig;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  /** The cluster as this command line's options say. */
  Kube kube() {
    return Kube.connect(kubeconfig, context, namespace);
  }

  public static void main(String[] args) {
    Quiet.logs();
    // Linux terminals speak UTF-8 (the tree of `get` draws with it); Java 17 cannot ask the
    // console.
    System.exit(
        run(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
  }

  /** Runs a command line; returns its exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new KubectlFleetdeploy());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCommandName(invokedAs());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
          c.getErr().println("see '" + c.getCommandSpec().qualifiedName() + " --help'");
          c.getErr().flush();
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + Errors.oneLine(ex));
          c.getErr().flush();
          return 1;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** "kubectl fd" or "kubectl fleetdeploy", as the launcher says (kubectl passes no name). */
  private static String invokedAs() {
    String name = System.getenv("FLEETDEPLOY_PLUGIN_NAME");
    return name == null || name.isBlank() ? "kubectl fleetdeploy" : name;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KubectlFleetdeploy.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-fleetdeploy " + (v == null ? "development build" : v)};
    }
  }
}
