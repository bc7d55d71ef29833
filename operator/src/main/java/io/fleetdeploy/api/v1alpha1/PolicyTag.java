package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A tag key and the values a policy allows for it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyTag {

  @JsonPropertyDescription("Tag key, or \"*\" for any key.")
  @Required
  @Size(min = 1, max = 128)
  private String key;

  @JsonPropertyDescription(
      "Allowed values (a trailing * matches a prefix); none: any value, and KEY_ONLY filters.")
  @Size(max = 100)
  private List<@Size(min = 1, max = 256) String> values;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values;
  }
}
