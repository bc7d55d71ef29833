package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetServices;

/** The fleet port implemented on AWS, sharing one set of SDK clients. */
public final class AwsFleetServices {
  private AwsFleetServices() {}

  public static FleetServices create(AwsClients aws) {
    return create(aws, RevisionSettings.defaults());
  }

  public static FleetServices create(AwsClients aws, RevisionSettings revisions) {
    return new FleetServices(
        new AwsFleet(aws),
        new SsmHostExecutor(aws, new RunnerDocument(aws)),
        new AwsLifecycleHooks(aws),
        new AwsRevisionStore(aws, revisions),
        new AwsLoadBalancers(aws),
        new AwsAlarms(aws),
        new SnsTopicPublisher(aws));
  }
}
