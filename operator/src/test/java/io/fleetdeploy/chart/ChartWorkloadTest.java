package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fleetdeploy.cli.FleetdeployCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The operator Deployment the chart renders: security, probes, environment, image, service account.
 */
class ChartWorkloadTest {
  private static final String APP_VERSION = PomXml.projectVersion();

  @Test
  void podMeetsTheRestrictedPodSecurityStandard() {
    PodSpec pod = pod(Helm.require().template());

    assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
    assertThat(pod.getSecurityContext().getRunAsUser())
        .as("the image's user (Dockerfile)")
        .isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container operator = operator(pod);
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void aWeakenedSecurityContextIsCaught() {
    PodSpec pod =
        pod(
            Helm.require()
                .template(
                    "--set", "securityContext.allowPrivilegeEscalation=true",
                    "--set", "securityContext.readOnlyRootFilesystem=false"));

    assertThat(RestrictedPodSecurity.violations(pod))
        .containsExactlyInAnyOrder(
            "container operator: allowPrivilegeEscalation must be false",
            "container operator: readOnlyRootFilesystem must be true");
  }

  @Test
  void tmpIsAWritableEmptyDirBecauseTheRootFilesystemIsReadOnly() {
    PodSpec pod = pod(Helm.require().template());

    assertThat(operator(pod).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(pod.getVolumes())
                  .anySatisfy(
                      v -> {
                        assertThat(v.getName()).isEqualTo(m.getName());
                        assertThat(v.getEmptyDir()).isNotNull();
                      });
            });
  }

  /**
   * The operator reads one bundle at a time into /tmp: the emptyDir must hold the largest bundle it
   * accepts, or reading one gets the pod evicted (and again after every restart).
   */
  @Test
  void tmpHoldsTheLargestBundleTheOperatorAccepts() {
    for (String[] values :
        new String[][] {
          {}, {"--set", "bundles.maxSizeMiB=6144", "--set", "tmpVolume.headroomMiB=256"}
        }) {
      Container operator = operator(pod(Helm.require().template(values)));
      PodSpec pod = pod(Helm.require().template(values));
      long maxBundle = Long.parseLong(env(operator).get("FLEETDEPLOY_MAX_BUNDLE_MIB")) << 20;
      long tmp =
          Quantity.getAmountInBytes(
                  pod.getVolumes().stream()
                      .filter(v -> v.getName().equals("tmp"))
                      .findFirst()
                      .orElseThrow()
                      .getEmptyDir()
                      .getSizeLimit())
              .longValueExact();

      assertThat(tmp)
          .as("/tmp for %s", String.join(" ", values))
          .isGreaterThanOrEqualTo(maxBundle + (64L << 20));
    }
    assertThat(env(operator(pod(Helm.require().template()))))
        .containsEntry("FLEETDEPLOY_MAX_BUNDLE_MIB", "2048");
  }

  @Test
  void probesUseTheOperatorsHealthAndReadinessEndpoints() {
    Container operator = operator(pod(Helm.require().template()));

    assertThat(operator.getPorts())
        .filteredOn(p -> p.getName().equals("http"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(env(operator)).containsEntry("FLEETDEPLOY_HTTP_PORT", "8080");
    assertHttpGet(operator.getStartupProbe(), "/healthz");
    assertHttpGet(operator.getLivenessProbe(), "/healthz");
    assertHttpGet(operator.getReadinessProbe(), "/readyz");
    assertThat(
            operator.getStartupProbe().getPeriodSeconds()
                * operator.getStartupProbe().getFailureThreshold())
        .as("seconds the informers get to sync before liveness counts")
        .isGreaterThanOrEqualTo(60);
  }

  @Test
  void defaultEnvironment() {
    Container operator = operator(pod(Helm.require().template()));

    assertThat(operator.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
    Map<String, String> env = env(operator);
    assertThat(env)
        .containsEntry("FLEETDEPLOY_LEADER_ELECTION", "true")
        .containsEntry("FLEETDEPLOY_LEASE_NAME", "fleetdeploy-operator")
        .containsEntry("AWS_REGION", "us-east-1")
        .containsEntry("FLEETDEPLOY_LOG_FORMAT", "text")
        .doesNotContainKeys("FLEETDEPLOY_NAMESPACES", "FLEETDEPLOY_AWS_ENDPOINT");
    assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
  }

  @Test
  void valuesReachTheEnvironment() {
    Container operator =
        operator(
            pod(
                Helm.require()
                    .template(
                        "--set", "watchNamespaces={team-a,team-b}",
                        "--set", "aws.region=eu-west-1",
                        "--set", "aws.endpoint=http://fleet-simulator.test:4566",
                        "--set", "logFormat=json",
                        "--set",
                            "revisions.allowedUrlPrefixes={https://artifacts.example.com/releases/,https://cdn.example.com/b/}",
                        "--set", "extraEnv[0].name=FLEETDEPLOY_RECONCILE_THREADS",
                        "--set-string", "extraEnv[0].value=40")));

    assertThat(env(operator))
        .containsEntry("FLEETDEPLOY_NAMESPACES", "team-a,team-b")
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("FLEETDEPLOY_AWS_ENDPOINT", "http://fleet-simulator.test:4566")
        .containsEntry("FLEETDEPLOY_LOG_FORMAT", "json")
        .containsEntry(
            "FLEETDEPLOY_ALLOWED_URL_PREFIXES",
            "https://artifacts.example.com/releases/,https://cdn.example.com/b/")
        .containsEntry("FLEETDEPLOY_RECONCILE_THREADS", "40");
  }

  @Test
  void everyVariableTheChartSetsIsOneTheRunCommandReads() {
    Container operator =
        operator(
            pod(
                Helm.require()
                    .template(
                        "--set",
                        "watchNamespaces={a}",
                        "--set",
                        "aws.endpoint=http://localhost:4566",
                        "--set",
                        "revisions.allowedUrlPrefixes={https://artifacts.example.com/}")));

    Set<String> set = operator.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
    set.remove("JAVA_TOOL_OPTIONS"); // read by the JVM itself
    assertThat(runCommandVariables()).containsAll(set);
  }

  @Test
  void imageDefaultsToTheAppVersion() {
    Container operator = operator(pod(Helm.require().template()));

    assertThat(operator.getImage()).isEqualTo("fleetdeploy:" + APP_VERSION);
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void aDigestPinsTheImage() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    Container operator =
        operator(
            pod(
                Helm.require()
                    .template(
                        "--set", "image.repository=registry.example.com/platform/fleetdeploy",
                        "--set", "image.tag=1.2.3",
                        "--set", "image.digest=" + digest)));

    assertThat(operator.getImage())
        .isEqualTo("registry.example.com/platform/fleetdeploy@" + digest);
  }

  @Test
  void serviceAccountCarriesTheIrsaRoleAnnotation() {
    String role = "arn:aws:iam::111122223333:role/fleetdeploy-operator";
    RenderedManifests manifests =
        Helm.require()
            .template(
                "--set-string",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=" + role);

    ServiceAccount account = manifests.only("ServiceAccount", ServiceAccount.class);
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", role);
    assertThat(account.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(pod(manifests).getServiceAccountName()).isEqualTo(account.getMetadata().getName());
  }

  @Test
  void withoutLeaderElectionOldAndNewPodNeverRunTogether() {
    Deployment leader = Helm.require().template().only("Deployment", Deployment.class);
    Deployment single =
        Helm.require()
            .template("--set", "leaderElection.enabled=false")
            .only("Deployment", Deployment.class);

    assertThat(leader.getSpec().getReplicas()).isEqualTo(1);
    assertThat(leader.getSpec().getStrategy())
        .as("rolling update: the Lease keeps one active")
        .isNull();
    assertThat(single.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void podTemplateLabelsMatchTheSelector() {
    Deployment deployment =
        Helm.require()
            .template("--set", "podLabels.team=platform")
            .only("Deployment", Deployment.class);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("team", "platform");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
  }

  /**
   * Environment variables named in the run command's option defaults, e.g.
   * ${env:AWS_REGION:-us-east-1}.
   */
  private static Set<String> runCommandVariables() {
    CommandLine run = FleetdeployCommand.commandLine().getSubcommands().get("run");
    Pattern variable = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
    Set<String> names = new TreeSet<>();
    for (OptionSpec option : run.getCommandSpec().options()) {
      String raw = option.defaultValueString(false);
      if (raw != null) {
        Matcher m = variable.matcher(raw);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(names).as("the run command reads its options from the environment").isNotEmpty();
    return names;
  }

  private static void assertHttpGet(Probe probe, String path) {
    assertThat(probe).as("probe on %s", path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  static PodSpec pod(RenderedManifests manifests) {
    return manifests.only("Deployment", Deployment.class).getSpec().getTemplate().getSpec();
  }

  static Container operator(PodSpec pod) {
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }
}
