package io.fleetdeploy.simulator.codec;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values as compact JSON. Maps keep their iteration order and {@code null} map
 * values are left out, which is how the AWS JSON protocol omits absent members.
 */
public final class JsonWriter {
  private JsonWriter() {}

  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      appendString(sb, s);
    } else if (value instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (value instanceof Double d) {
      appendDouble(sb, d);
    } else if (value instanceof Float f) {
      appendDouble(sb, f.doubleValue());
    } else if (value instanceof BigDecimal bd) {
      sb.append(bd.toPlainString());
    } else if (value instanceof Number n) {
      sb.append(n.longValue());
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof Collection<?> list) {
      sb.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        append(sb, item);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }
  }

  private static void appendDouble(StringBuilder sb, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no representation for " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
    } else {
      sb.append(BigDecimal.valueOf(d).toPlainString());
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    // Characters that need no escape go out in runs, not one at a time.
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default ->
                c < 0x20 || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c)
                    : null;
          };
      if (escape != null) {
        sb.append(s, run, i).append(escape);
        run = i + 1;
      }
    }
    sb.append(s, run, s.length());
    sb.append('"');
  }
}
