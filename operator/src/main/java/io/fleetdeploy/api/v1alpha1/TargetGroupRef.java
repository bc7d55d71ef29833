package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An Elastic Load Balancing v2 target group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetGroupRef {

  @JsonPropertyDescription(
      "The target group's ARN, e.g."
          + " arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef.")
  @Required
  @Size(max = 256)
  @Pattern("^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:targetgroup/.+$")
  private String arn;

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }
}
