package io.fleetdeploy.kubectl;

import java.security.SecureRandom;

/** Names for new Deployments: the group's name and five random characters, as generateName. */
final class Names {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Names() {}

  static String forGroup(String group) {
    String base = group.length() > 57 ? group.substring(0, 57) : group;
    StringBuilder out = new StringBuilder(base).append('-');
    for (int i = 0; i < 5; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
