package io.fleetdeploy.appspec;

/** A numeric chmod mode as three or four octal digits, e.g. {@code 644} or {@code 4755}. */
public record FileMode(String octalDigits) {
  public FileMode {
    if (!octalDigits.matches("[0-7]{3,4}")) {
      throw new IllegalArgumentException("not 3 or 4 octal digits: " + octalDigits);
    }
  }

  public int bits() {
    return Integer.parseInt(octalDigits, 8);
  }
}
