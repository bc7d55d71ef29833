package io.fleetdeploy.embedded;

/**
 * Sees every write the embedded API server receives, before and after it takes effect: the
 * crash-point tests kill the operator at one (refusing it, or everything after it).
 */
public interface WriteGate {
  WriteGate OPEN =
      new WriteGate() {
        @Override
        public boolean admit(String method, String path) {
          return true;
        }

        @Override
        public void written(String method, String path) {}
      };

  /** Whether the write may take place; a refused one is answered 503 and changes nothing. */
  boolean admit(String method, String path);

  /** The write took place. */
  void written(String method, String path);
}
