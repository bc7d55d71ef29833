package io.fleetdeploy.simulator.codec;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Streams an XML document into a string. Elements whose value is {@code null} are skipped, which is
 * how the AWS XML protocols omit absent members.
 */
public final class XmlWriter {
  private final StringBuilder sb = new StringBuilder(1024);
  private final Deque<String> open = new ArrayDeque<>();

  public XmlWriter() {
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  public XmlWriter start(String name) {
    sb.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  public XmlWriter start(String name, String namespace) {
    sb.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
    open.push(name);
    return this;
  }

  public XmlWriter end() {
    sb.append("</").append(open.pop()).append('>');
    return this;
  }

  /** A leaf element; skipped when {@code value} is null. */
  public XmlWriter leaf(String name, Object value) {
    if (value == null) {
      return this;
    }
    sb.append('<')
        .append(name)
        .append('>')
        .append(escape(String.valueOf(value)))
        .append("</")
        .append(name)
        .append('>');
    return this;
  }

  /** An element with no content, e.g. an empty list. */
  public XmlWriter empty(String name) {
    sb.append('<').append(name).append("/>");
    return this;
  }

  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    return sb.toString();
  }

  public static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep =
          switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\'' -> "&apos;";
            case '\r' -> "&#13;";
            default -> null;
          };
      if (rep == null && c < 0x20 && c != '\n' && c != '\t') {
        // XML 1.0 cannot carry other control characters at all, not even as references.
        rep = "";
      }
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
