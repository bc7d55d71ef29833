package io.fleetdeploy.appspec;

import java.math.BigInteger;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks an SELinux MLS range ({@code s0}, {@code s0-s2:c0.c3,c7}) the way the CodeDeploy agent
 * does before it calls semanage: levels in order, category ranges in order, categories up to c1023,
 * and no category given twice.
 */
final class SeLinuxRange {
  private static final Pattern FORM =
      Pattern.compile("s\\d+(-s\\d+)?(:c\\d+(\\.c\\d+)?(,c\\d+(\\.c\\d+)?)*)?");
  private static final BigInteger MAX_CATEGORY = BigInteger.valueOf(1023);

  private SeLinuxRange() {}

  /** What is wrong with {@code range}, or empty when the agent would take it. */
  static Optional<String> problem(String range) {
    if (!FORM.matcher(range).matches()) {
      return Optional.of("'" + range + "' is not an SELinux range such as s0 or s0-s0:c0.c1023");
    }
    String[] levelsAndCategories = range.split(":", 2);
    String[] levels = levelsAndCategories[0].split("-");
    if (levels.length == 2 && number(levels[1]).compareTo(number(levels[0])) < 0) {
      return Optional.of(
          "'"
              + range
              + "': the high level "
              + levels[1]
              + " is below the low level "
              + levels[0]
              + " (write "
              + levels[1]
              + "-"
              + levels[0]
              + ")");
    }
    if (levelsAndCategories.length == 1) {
      return Optional.empty();
    }
    TreeSet<Integer> seen = new TreeSet<>();
    for (String part : levelsAndCategories[1].split(",")) {
      String[] ends = part.split("\\.");
      for (String end : ends) {
        if (number(end).compareTo(MAX_CATEGORY) > 0) {
          return Optional.of(
              "'" + range + "': category " + end + " is above c1023, the highest there is");
        }
      }
      int low = number(ends[0]).intValue();
      int high = number(ends[ends.length - 1]).intValue();
      if (high < low) {
        return Optional.of(
            "'"
                + range
                + "': the category range "
                + part
                + " is in the wrong order (write "
                + ends[1]
                + "."
                + ends[0]
                + ")");
      }
      for (int category = low; category <= high; category++) {
        if (!seen.add(category)) {
          return Optional.of("'" + range + "': category c" + category + " is given more than once");
        }
      }
    }
    return Optional.empty();
  }

  private static BigInteger number(String levelOrCategory) {
    return new BigInteger(levelOrCategory.substring(1));
  }
}
