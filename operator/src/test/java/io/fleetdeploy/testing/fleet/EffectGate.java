package io.fleetdeploy.testing.fleet;

/**
 * Called around every effect the operator has on the world outside its own memory (each AWS call of
 * the in-memory fleet, each write to the API server): the crash-point suite kills the operator at
 * one of them by throwing {@link OperatorKilled}, and refuses every effect after it.
 */
public interface EffectGate {
  EffectGate OPEN =
      new EffectGate() {
        @Override
        public void before(String effect) {}

        @Override
        public void after(String effect) {}
      };

  /** Before the effect takes place; throwing means it never did. */
  void before(String effect);

  /** After the effect took place; throwing means the operator died right after it. */
  void after(String effect);

  /** The operator died here: nothing it does from now on reaches the world. */
  final class OperatorKilled extends Error {
    public OperatorKilled(String where) {
      super("operator killed " + where, null, false, false);
    }
  }
}
