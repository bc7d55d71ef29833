package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** Matches instances by one tag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagFilter {

  @JsonPropertyDescription("Tag key. Required unless type is VALUE_ONLY.")
  @Size(min = 1, max = 128)
  private String key;

  @JsonPropertyDescription("Tag value. Required unless type is KEY_ONLY.")
  @Size(max = 256)
  private String value;

  @JsonPropertyDescription(
      "KEY_AND_VALUE (default): key and value must match. KEY_ONLY: any value. VALUE_ONLY: "
          + "any key.")
  @Default("KEY_AND_VALUE")
  private TagFilterType type;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public TagFilterType getType() {
    return type;
  }

  public void setType(TagFilterType type) {
    this.type = type;
  }
}
