package io.fleetdeploy.appspec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle events of an in-place deployment, in the order a host goes through them when the
 * deployment group has traffic control (13 events); without it only the seven marked {@code
 * inPlace} run.
 */
public enum LifecycleEvent {
  BeforeBlockTraffic(Performer.SCRIPTS, ScriptSource.PREVIOUS_REVISION, false),
  BlockTraffic(Performer.SYSTEM, ScriptSource.NONE, false),
  AfterBlockTraffic(Performer.SCRIPTS, ScriptSource.PREVIOUS_REVISION, false),
  ApplicationStop(Performer.SCRIPTS, ScriptSource.PREVIOUS_REVISION, true),
  DownloadBundle(Performer.SYSTEM, ScriptSource.NONE, true),
  BeforeInstall(Performer.SCRIPTS, ScriptSource.THIS_REVISION, true),
  Install(Performer.SYSTEM, ScriptSource.NONE, true),
  AfterInstall(Performer.SCRIPTS, ScriptSource.THIS_REVISION, true),
  ApplicationStart(Performer.SCRIPTS, ScriptSource.THIS_REVISION, true),
  ValidateService(Performer.SCRIPTS, ScriptSource.THIS_REVISION, true),
  BeforeAllowTraffic(Performer.SCRIPTS, ScriptSource.THIS_REVISION, false),
  AllowTraffic(Performer.SYSTEM, ScriptSource.NONE, false),
  AfterAllowTraffic(Performer.SCRIPTS, ScriptSource.THIS_REVISION, false);

  /** Who carries the event out: the deployment system itself or the bundle's hook scripts. */
  public enum Performer {
    SYSTEM,
    SCRIPTS
  }

  /** Whose scripts an event runs. */
  public enum ScriptSource {
    NONE,
    THIS_REVISION,
    /** The last revision that deployed successfully on the host: it knows how to stop itself. */
    PREVIOUS_REVISION
  }

  private final Performer performer;
  private final ScriptSource scriptSource;
  private final boolean inPlace;

  LifecycleEvent(Performer performer, ScriptSource scriptSource, boolean inPlace) {
    this.performer = performer;
    this.scriptSource = scriptSource;
    this.inPlace = inPlace;
  }

  public boolean isSystemPerformed() {
    return performer == Performer.SYSTEM;
  }

  public boolean takesScripts() {
    return performer == Performer.SCRIPTS;
  }

  public boolean runsPreviousRevisionScripts() {
    return scriptSource == ScriptSource.PREVIOUS_REVISION;
  }

  /** True for the events that exist only when the deployment group controls traffic. */
  public boolean isTrafficControl() {
    return !inPlace;
  }

  /** The events one host goes through, in order. */
  public static List<LifecycleEvent> inOrder(boolean withTrafficControl) {
    return Arrays.stream(values()).filter(e -> withTrafficControl || e.inPlace).toList();
  }

  /** Exact, case-sensitive lookup, as the CodeDeploy agent matches event names. */
  public static Optional<LifecycleEvent> byName(String name) {
    return Arrays.stream(values()).filter(e -> e.name().equals(name)).findFirst();
  }
}
