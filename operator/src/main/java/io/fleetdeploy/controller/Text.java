package io.fleetdeploy.controller;

/**
 * Bounds free text to the maxLength its CRD field declares, so status writes are never rejected.
 */
public final class Text {
  private Text() {}

  public static String truncate(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }
}
