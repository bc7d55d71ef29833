package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's egress: DNS, HTTPS (API server, AWS and VPC endpoints), the API server's other
 * ports and the EKS Pod Identity agent; never the instance metadata service. Values extend it.
 */
class ChartNetworkPolicyTest {

  @Test
  void selectsTheOperatorPodAndLimitsOnlyItsEgress() {
    RenderedManifests manifests = Helm.require().template();
    NetworkPolicy policy = manifests.only("NetworkPolicy", NetworkPolicy.class);
    Deployment operator = manifests.only("Deployment", Deployment.class);

    assertThat(operator.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNotEmpty();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
  }

  @Test
  void allowsDnsHttpsTheApiServerAndThePodIdentityAgentButNeverTheMetadataService() {
    List<NetworkPolicyEgressRule> egress =
        Helm.require().template().only("NetworkPolicy", NetworkPolicy.class).getSpec().getEgress();

    assertThat(egress)
        .anySatisfy(
            rule -> {
              assertThat(rule.getTo()).isNullOrEmpty();
              assertThat(ports(rule)).containsExactlyInAnyOrder("53/UDP", "53/TCP");
            });
    assertThat(egress)
        .anySatisfy(
            rule -> {
              assertThat(ports(rule)).containsExactly("443/TCP");
              assertThat(rule.getTo())
                  .singleElement()
                  .satisfies(
                      peer -> {
                        assertThat(peer.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
                        assertThat(peer.getIpBlock().getExcept()).containsExactly("169.254.0.0/16");
                      });
            });
    assertThat(egress).anySatisfy(rule -> assertThat(ports(rule)).containsExactly("6443/TCP"));
    assertThat(egress)
        .anySatisfy(
            rule -> {
              assertThat(ports(rule)).containsExactly("80/TCP");
              assertThat(rule.getTo())
                  .extracting(p -> p.getIpBlock().getCidr())
                  .containsExactly("169.254.170.23/32");
            });
    // Whatever is allowed, the instance metadata service is not.
    for (NetworkPolicyEgressRule rule : egress) {
      for (NetworkPolicyPeer peer :
          rule.getTo() == null ? List.<NetworkPolicyPeer>of() : rule.getTo()) {
        if (peer.getIpBlock() != null && peer.getIpBlock().getCidr().equals("0.0.0.0/0")) {
          assertThat(ports(rule)).as("a rule to any address").doesNotContain("80/TCP");
        }
      }
    }
  }

  @Test
  void valuesNarrowAndExtendIt() {
    NetworkPolicy policy =
        Helm.require()
            .template(
                "--set", "networkPolicy.https.cidrs={10.0.0.0/16,52.94.0.0/16}",
                "--set", "networkPolicy.apiServer.ports=null",
                "--set", "networkPolicy.podIdentityAgent=false",
                "--set", "networkPolicy.extraEgress[0].to[0].ipBlock.cidr=10.20.0.0/16",
                "--set", "networkPolicy.extraEgress[0].ports[0].port=8443")
            .only("NetworkPolicy", NetworkPolicy.class);

    assertThat(policy.getSpec().getEgress())
        .anySatisfy(
            rule -> {
              assertThat(ports(rule)).containsExactly("443/TCP");
              assertThat(rule.getTo())
                  .extracting(p -> p.getIpBlock().getCidr())
                  .containsExactly("10.0.0.0/16", "52.94.0.0/16");
            });
    assertThat(policy.getSpec().getEgress())
        .noneSatisfy(rule -> assertThat(ports(rule)).contains("6443/TCP"));
    assertThat(policy.getSpec().getEgress())
        .noneSatisfy(rule -> assertThat(ports(rule)).contains("80/TCP"));
    assertThat(policy.getSpec().getEgress())
        .anySatisfy(
            rule -> {
              assertThat(rule.getTo())
                  .extracting(p -> p.getIpBlock().getCidr())
                  .containsExactly("10.20.0.0/16");
              assertThat(rule.getPorts())
                  .extracting(p -> p.getPort().getIntVal())
                  .containsExactly(8443);
            });
  }

  @Test
  void canBeTurnedOff() {
    assertThat(Helm.require().template("--set", "networkPolicy.enabled=false").kinds())
        .doesNotContain("NetworkPolicy");
  }

  private static List<String> ports(NetworkPolicyEgressRule rule) {
    return rule.getPorts() == null
        ? List.of()
        : rule.getPorts().stream()
            .map(
                (NetworkPolicyPort p) ->
                    p.getPort().getIntVal()
                        + "/"
                        + (p.getProtocol() == null ? "TCP" : p.getProtocol()))
            .toList();
  }
}
