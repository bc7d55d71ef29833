package io.fleetdeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing random case names its seed, and the same seed draws the same cases again. */
class SeededCasesTest {

  @Test
  void aFailureNamesTheSeedTheCaseAndTheValue() {
    assertThatThrownBy(
            () ->
                SeededCases.check(
                    42L, 100, random -> random.nextInt(10), n -> assertThat(n).isLessThan(9)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("rerun with -Dfleetdeploy.test.seed=42 to draw the same cases")
        .hasMessageContaining("value: 9")
        .hasMessageMatching("(?s)case \\d+ of 100 failed.*");
  }

  @Test
  void theSameSeedDrawsTheSameCases() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    SeededCases.check(7L, 50, java.util.Random::nextLong, first::add);
    SeededCases.check(7L, 50, java.util.Random::nextLong, second::add);
    List<Long> other = new ArrayList<>();
    SeededCases.check(8L, 50, java.util.Random::nextLong, other::add);

    assertThat(first).hasSize(50).isEqualTo(second).isNotEqualTo(other);
  }

  @Test
  void theSeedComesFromTheSystemPropertyWhenSet() {
    String before = System.getProperty(SeededCases.SEED_PROPERTY);
    try {
      System.setProperty(SeededCases.SEED_PROPERTY, "12345");
      assertThat(SeededCases.seed()).isEqualTo(12345L);
      System.setProperty(SeededCases.SEED_PROPERTY, "soon");
      assertThatThrownBy(SeededCases::seed)
          .hasMessageContaining("must be a whole number, was soon");
    } finally {
      if (before == null) {
        System.clearProperty(SeededCases.SEED_PROPERTY);
      } else {
        System.setProperty(SeededCases.SEED_PROPERTY, before);
      }
    }
  }
}
