package io.fleetdeploy.appspec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a misspelt one was meant to be ({@code Before Install}, {@code
 * afterInstall}, {@code ApplicatonStart}), for "did you mean" hints.
 */
public final class ClosestName {
  private ClosestName() {}

  public static Optional<String> among(Collection<String> known, String typed) {
    String wanted = normalize(typed);
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(wanted, normalize(candidate));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // Short names need a tighter bound, or everything looks like everything.
    int allowed = wanted.length() >= 8 ? 2 : wanted.length() >= 4 ? 1 : 0;
    return bestDistance <= allowed && !known.contains(typed)
        ? Optional.ofNullable(best)
        : Optional.empty();
  }

  /** Case, spaces, dashes and underscores never matter for a near miss. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /**
   * Edits between two names; swapping two neighbouring letters ({@code dmeo}, {@code lables})
   * counts as one.
   */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int substitution = d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        d[i][j] = Math.min(substitution, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
