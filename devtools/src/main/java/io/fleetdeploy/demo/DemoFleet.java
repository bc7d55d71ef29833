package io.fleetdeploy.demo;

/**
 * The demo's fixed simulated account, so that users can write their own manifests for it: EC2
 * instances tagged {@code app=demo}, the Auto Scaling group {@code demo-asg} whose instances are
 * tagged {@code app=demo-asg}, and the bucket {@code fleetdeploy-demo} holding the bundles.
 */
public final class DemoFleet {
  public static final String REGION = "eu-west-1";
  public static final String TAG_KEY = "app";
  public static final String INSTANCE_TAG_VALUE = "demo";
  public static final String AUTO_SCALING_GROUP = "demo-asg";
  public static final String AUTO_SCALING_TAG_VALUE = "demo-asg";
  public static final String BUCKET = "fleetdeploy-demo";

  /** The production story's target group, in front of the instances tagged app=demo. */
  public static final String TARGET_GROUP = "demo-web";

  /** Its ARN: the first target group the simulator creates (see samples/demo-production). */
  public static final String TARGET_GROUP_ARN =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/demo-web/0000000000000001";

  /** The production story's CloudWatch alarm. */
  public static final String ALARM = "demo-web-5xx";

  /** Where manifests without a namespace go (kubectl's default namespace too). */
  public static final String NAMESPACE = "default";

  private DemoFleet() {}
}
