package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Why a lifecycle event failed on an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Diagnostics {

  @JsonPropertyDescription(
      "ScriptMissing, ScriptNotExecutable, ScriptTimedOut, ScriptFailed, OutputsLeftOpen, "
          + "UnknownError, or a system step error.")
  @Size(max = 64)
  private String errorCode;

  @JsonPropertyDescription("The script that failed, relative to the bundle root.")
  @Size(max = 1024)
  private String scriptName;

  @JsonPropertyDescription("What happened.")
  @Size(max = 2048)
  private String message;

  @JsonPropertyDescription("The end of the event's output: its last 4 KiB.")
  @Size(max = 4096)
  private String logTail;

  @JsonPropertyDescription(
      "Where the full output of this host's run is (when the group's spec.logging sends it"
          + " somewhere).")
  private FullLogLocation fullLog;

  public String getErrorCode() {
    return errorCode;
  }

  public void setErrorCode(String errorCode) {
    this.errorCode = errorCode;
  }

  public String getScriptName() {
    return scriptName;
  }

  public void setScriptName(String scriptName) {
    this.scriptName = scriptName;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLogTail() {
    return logTail;
  }

  public void setLogTail(String logTail) {
    this.logTail = logTail;
  }

  public FullLogLocation getFullLog() {
    return fullLog;
  }

  public void setFullLog(FullLogLocation fullLog) {
    this.fullLog = fullLog;
  }
}
