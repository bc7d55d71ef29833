package io.fleetdeploy.simulator.ec2;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.InstanceState;
import java.util.Map;

/** Writes an instance the way DescribeInstances lists it (EC2 protocol element names). */
final class Ec2InstanceXml {
  private final String region;

  Ec2InstanceXml(String region) {
    this.region = region;
  }

  String privateDnsName(InstanceSnapshot inst) {
    return "ip-" + inst.privateIp().replace('.', '-') + "." + region + ".compute.internal";
  }

  void writeReservation(XmlWriter xml, InstanceSnapshot inst, String ownerId) {
    xml.start("item");
    xml.leaf("reservationId", inst.reservationId());
    xml.leaf("ownerId", ownerId);
    xml.empty("groupSet");
    xml.start("instancesSet");
    writeInstance(xml, inst);
    xml.end();
    xml.end();
  }

  private void writeInstance(XmlWriter xml, InstanceSnapshot inst) {
    boolean terminated = inst.state() == InstanceState.TERMINATED;
    String zoneLetter = inst.availabilityZone().substring(inst.availabilityZone().length() - 1);
    xml.start("item");
    xml.leaf("instanceId", inst.id());
    xml.leaf("imageId", inst.imageId());
    xml.start("instanceState")
        .leaf("code", inst.state().code())
        .leaf("name", inst.state().wireName())
        .end();
    xml.leaf("privateDnsName", terminated ? "" : privateDnsName(inst));
    xml.leaf("dnsName", "");
    xml.leaf("reason", inst.stateTransitionReason());
    xml.leaf("amiLaunchIndex", 0);
    xml.empty("productCodes");
    xml.leaf("instanceType", inst.instanceType());
    xml.leaf("launchTime", AwsTime.iso(inst.launchTime()));
    xml.start("placement")
        .leaf("availabilityZone", inst.availabilityZone())
        .leaf("groupName", "")
        .leaf("tenancy", "default")
        .end();
    xml.start("monitoring").leaf("state", "disabled").end();
    if (!terminated) {
      xml.leaf("subnetId", "subnet-0" + zoneLetter + "0000000000000" + "1");
      xml.leaf("vpcId", "vpc-0f1ee7de910000001");
      xml.leaf("privateIpAddress", inst.privateIp());
    }
    xml.leaf("sourceDestCheck", true);
    xml.start("groupSet")
        .start("item")
        .leaf("groupId", "sg-0f1ee7de910000001")
        .leaf("groupName", "default")
        .end()
        .end();
    if (inst.stateReasonCode() != null) {
      xml.start("stateReason")
          .leaf("code", inst.stateReasonCode())
          .leaf("message", inst.stateReasonMessage())
          .end();
    }
    xml.leaf("architecture", "x86_64");
    xml.leaf("rootDeviceType", "ebs");
    xml.leaf("rootDeviceName", "/dev/xvda");
    xml.empty("blockDeviceMapping");
    xml.leaf("virtualizationType", "hvm");
    xml.leaf("clientToken", "");
    if (!inst.tags().isEmpty()) {
      xml.start("tagSet");
      for (Map.Entry<String, String> tag : inst.tags().entrySet()) {
        xml.start("item").leaf("key", tag.getKey()).leaf("value", tag.getValue()).end();
      }
      xml.end();
    }
    xml.leaf("hypervisor", "xen");
    xml.empty("networkInterfaceSet");
    xml.leaf("ebsOptimized", false);
    xml.leaf("enaSupport", true);
    xml.leaf("platformDetails", "Linux/UNIX");
    xml.leaf("usageOperation", "RunInstances");
    xml.leaf("bootMode", "uefi-preferred");
    xml.leaf("currentInstanceBootMode", "uefi");
    xml.end();
  }
}
