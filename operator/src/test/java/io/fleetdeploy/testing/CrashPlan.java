package io.fleetdeploy.testing;

import io.fleetdeploy.embedded.WriteGate;
import io.fleetdeploy.testing.fleet.EffectGate;
import java.util.ArrayList;
import java.util.List;

/**
 * Kills the operator at one effect of a run: the {@code n}th AWS call or write to a fleetdeploy
 * object, before it takes place or right after. From then on every effect of that operator is
 * refused (as after a kill -9 nothing it would still have done reaches the world), until the
 * harness starts a new one. With {@code n = 0} it only counts the effects of a run, so a test knows
 * how many kill points there are; {@link #effects()} names them.
 */
public final class CrashPlan implements EffectGate, WriteGate {
  private final int killAt;
  private final boolean afterTheEffect;
  private final List<String> effects = new ArrayList<>();
  private boolean armed;
  private boolean dead;
  private boolean spent;
  private String where;

  CrashPlan(int killAt, boolean afterTheEffect) {
    this.killAt = killAt;
    this.afterTheEffect = afterTheEffect;
  }

  void arm() {
    armed = true;
  }

  void disarm() {
    armed = false;
  }

  boolean dead() {
    return dead;
  }

  /** The kill happened and the operator was replaced: nothing is refused any more. */
  void spent() {
    dead = false;
    spent = true;
  }

  public boolean killed() {
    return spent;
  }

  public String where() {
    return where;
  }

  /** Every effect counted so far, in order. */
  public List<String> effects() {
    return List.copyOf(effects);
  }

  @Override
  public synchronized void before(String effect) {
    if (!armed) {
      return;
    }
    if (dead) {
      throw new OperatorKilled("(already dead) at " + effect);
    }
    effects.add(effect);
    if (!spent && effects.size() == killAt && !afterTheEffect) {
      kill("before " + effect + " (effect " + killAt + ")");
      throw new OperatorKilled(where);
    }
  }

  @Override
  public synchronized void after(String effect) {
    if (armed && !spent && !dead && effects.size() == killAt && afterTheEffect) {
      kill("after " + effect + " (effect " + killAt + ")");
      throw new OperatorKilled(where);
    }
  }

  @Override
  public synchronized boolean admit(String method, String path) {
    if (!armed) {
      return true;
    }
    if (dead) {
      return false;
    }
    if (!counted(path)) {
      return true;
    }
    effects.add(method + " " + resourceOf(path));
    if (!spent && effects.size() == killAt && !afterTheEffect) {
      kill("before " + method + " " + resourceOf(path) + " (effect " + killAt + ")");
      return false;
    }
    return true;
  }

  @Override
  public synchronized void written(String method, String path) {
    if (armed && !spent && !dead && counted(path) && effects.size() == killAt && afterTheEffect) {
      kill("after " + method + " " + resourceOf(path) + " (effect " + killAt + ")");
    }
  }

  private void kill(String at) {
    dead = true;
    where = at;
  }

  /** Writes to fleetdeploy's own objects are kill points; Kubernetes Events are not. */
  private static boolean counted(String path) {
    return path.contains("/apis/fleetdeploy.io/");
  }

  private static String resourceOf(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = bare.split("/");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("namespaces") && i + 2 < parts.length) {
        for (int j = i + 2; j < parts.length; j++) {
          out.append(j == i + 2 ? "" : "/").append(j == i + 3 ? "<name>" : parts[j]);
        }
        return out.toString();
      }
    }
    return bare;
  }
}
