package io.fleetdeploy.rollout;

import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property checks as plain JUnit: a property is checked on many random cases drawn from one seed.
 * The seed is new on every run (so runs keep exploring) unless the system property {@value
 * #SEED_PROPERTY} fixes it; a failure names the seed, the case and its value, and the same seed
 * draws the same cases again: {@code mvn -B -pl operator -am test -Dtest=RolloutPropertiesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfleetdeploy.test.seed=SEED}.
 */
final class SeededCases {
  static final String SEED_PROPERTY = "fleetdeploy.test.seed";

  private SeededCases() {}

  /** The seed of this run: the system property's, else a fresh one. */
  static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed == null || fixed.isBlank()) {
      return new SecureRandom().nextLong();
    }
    try {
      return Long.parseLong(fixed.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a whole number, was " + fixed, e);
    }
  }

  /**
   * Checks {@code property} on {@code cases} values drawn by {@code generator} from a random seeded
   * with {@code seed}; the first failure is rethrown with the seed and the value that failed.
   */
  static <T> void check(long seed, int cases, Function<Random, T> generator, Consumer<T> property) {
    Random random = new Random(seed);
    for (int i = 1; i <= cases; i++) {
      T value = generator.apply(random);
      try {
        property.accept(value);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "case "
                + i
                + " of "
                + cases
                + " failed; rerun with -D"
                + SEED_PROPERTY
                + "="
                + seed
                + " to draw the same cases\n  value: "
                + value
                + "\n  failure: "
                + e.getMessage(),
            e);
      }
    }
  }

  /** {@link #check(long, int, Function, Consumer)} with this run's {@link #seed()}. */
  static <T> void check(int cases, Function<Random, T> generator, Consumer<T> property) {
    check(seed(), cases, generator, property);
  }
}
