package io.fleetdeploy.appspec;

import java.util.Arrays;
import java.util.List;

/**
 * One {@code acls} entry read with the grammar the CodeDeploy agent accepts, which is wider than
 * setfacl's: the type may be left out ({@code bob:rw} is a user), permissions may be one octal
 * digit ({@code u:bob:7}), and the default prefix may stand alone ({@code d::3} is the default
 * owner entry). {@link #longForm()} is what setfacl is given.
 *
 * @param type {@code user}, {@code group}, {@code mask} or {@code other}
 * @param name empty for the owner, owning group, mask and other entries
 */
public record AclEntry(
    boolean isDefault, String type, String name, boolean read, boolean write, boolean execute) {

  /**
   * Reads one entry.
   *
   * @throws IllegalArgumentException saying what is wrong with it, as a sentence fragment
   */
  public static AclEntry parse(String text) {
    List<String> parts = Arrays.asList(text.split(":", -1));
    if (parts.size() < 2 || parts.size() > 4) {
      throw new IllegalArgumentException(
          "has "
              + (parts.size() - 1)
              + " ':' separators; an entry is"
              + " [d[efault]:][u[ser]|g[roup]|m[ask]|o[ther]:]name:permissions");
    }
    boolean isDefault = false;
    String type = null;
    if (parts.size() == 4) {
      if (!isDefaultWord(parts.get(0))) {
        throw new IllegalArgumentException(
            "starts with '" + parts.get(0) + "' where only d or default may stand");
      }
      isDefault = true;
    }
    if (parts.size() >= 3) {
      String word = parts.get(parts.size() - 3);
      if (isDefaultWord(word)) {
        if (isDefault) {
          throw new IllegalArgumentException("says default twice");
        }
        isDefault = true;
      } else {
        type = typeOf(word);
        if (type == null) {
          throw new IllegalArgumentException(
              "has the type '" + word + "'; types are u[ser], g[roup], m[ask] and o[ther]");
        }
      }
    }
    String name = parts.get(parts.size() - 2);
    // Without a type, the name field may itself be the mask or other keyword (m::7, d:o:3).
    String keyword = typeOf(name);
    if (type == null && ("mask".equals(keyword) || "other".equals(keyword))) {
      type = keyword;
      name = "";
    } else if (type == null) {
      type = "user";
    }
    if ((type.equals("mask") || type.equals("other")) && !name.isEmpty()) {
      throw new IllegalArgumentException(
          "gives the "
              + type
              + " entry the name '"
              + name
              + "'; mask and other entries take no name (e.g. m::rx, o::r)");
    }
    if (!isDefault && !type.equals("mask") && name.isEmpty()) {
      throw new IllegalArgumentException(
          "sets the "
              + (type.equals("user")
                  ? "owner's"
                  : type.equals("group") ? "owning group's" : "others'")
              + " base permissions, which CodeDeploy refuses in acls: set them with mode");
    }
    String permissions = parts.get(parts.size() - 1);
    boolean[] bits = new boolean[3];
    if (permissions.length() == 1 && permissions.charAt(0) >= '0' && permissions.charAt(0) <= '7') {
      int digit = permissions.charAt(0) - '0';
      bits[0] = (digit & 4) != 0;
      bits[1] = (digit & 2) != 0;
      bits[2] = (digit & 1) != 0;
    } else {
      for (int i = 0; i < permissions.length(); i++) {
        char c = permissions.charAt(i);
        switch (c) {
          case 'r' -> bits[0] = true;
          case 'w' -> bits[1] = true;
          case 'x' -> bits[2] = true;
          case '-' -> {}
          default ->
              throw new IllegalArgumentException(
                  "has the permission character '"
                      + c
                      + "'; permissions are r, w, x and - or one octal digit (0-7)");
        }
      }
    }
    return new AclEntry(isDefault, type, name, bits[0], bits[1], bits[2]);
  }

  /** {@code [default:]type:name:rwx}, e.g. {@code default:user:bob:r-x}. */
  public String longForm() {
    return (isDefault ? "default:" : "")
        + type
        + ":"
        + name
        + ":"
        + (read ? "r" : "-")
        + (write ? "w" : "-")
        + (execute ? "x" : "-");
  }

  private static boolean isDefaultWord(String word) {
    return word.equals("d") || word.equals("default");
  }

  private static String typeOf(String word) {
    return switch (word) {
      case "u", "user" -> "user";
      case "g", "group" -> "group";
      case "m", "mask" -> "mask";
      case "o", "other" -> "other";
      default -> null;
    };
  }
}
