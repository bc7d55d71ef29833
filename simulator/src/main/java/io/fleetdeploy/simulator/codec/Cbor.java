package io.fleetdeploy.simulator.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough CBOR (RFC 8949) for the Smithy RPC v2 CBOR protocol that newer AWS SDKs use for
 * CloudWatch: maps, arrays, text and byte strings, integers, floats, booleans, null, and tag 1
 * (epoch-seconds timestamps), in definite or indefinite length. Decoded values are {@code Map},
 * {@code List}, {@code String}, {@code byte[]}, {@code Long}, {@code Double}, {@code Boolean},
 * {@code Instant} or null.
 */
public final class Cbor {
  private Cbor() {}

  public static Object decode(byte[] bytes) {
    if (bytes.length == 0) {
      return new LinkedHashMap<String, Object>();
    }
    Reader reader = new Reader(bytes);
    Object value = reader.next();
    return value == BREAK ? null : value;
  }

  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  private static final Object BREAK = new Object();

  private static final class Reader {
    private final byte[] b;
    private int at;

    Reader(byte[] b) {
      this.b = b;
    }

    private int u8() {
      if (at >= b.length) {
        throw new IllegalArgumentException("CBOR ends early at byte " + at);
      }
      return b[at++] & 0xff;
    }

    private long argument(int info) {
      if (info < 24) {
        return info;
      }
      int size =
          switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IllegalArgumentException("CBOR length info " + info);
          };
      long v = 0;
      for (int i = 0; i < size; i++) {
        v = (v << 8) | u8();
      }
      return v;
    }

    Object next() {
      int initial = u8();
      int major = initial >> 5;
      int info = initial & 0x1f;
      switch (major) {
        case 0:
          return argument(info);
        case 1:
          return -1 - argument(info);
        case 2:
        case 3:
          {
            byte[] data;
            if (info == 31) {
              ByteArrayOutputStream chunks = new ByteArrayOutputStream();
              for (Object chunk = next(); chunk != BREAK; chunk = next()) {
                chunks.writeBytes(
                    chunk instanceof String s
                        ? s.getBytes(StandardCharsets.UTF_8)
                        : (byte[]) chunk);
              }
              data = chunks.toByteArray();
            } else {
              int n = (int) argument(info);
              data = java.util.Arrays.copyOfRange(b, at, at + n);
              at += n;
            }
            return major == 3 ? new String(data, StandardCharsets.UTF_8) : data;
          }
        case 4:
          {
            List<Object> list = new ArrayList<>();
            if (info == 31) {
              for (Object v = next(); v != BREAK; v = next()) {
                list.add(v);
              }
            } else {
              long n = argument(info);
              for (long i = 0; i < n; i++) {
                list.add(next());
              }
            }
            return list;
          }
        case 5:
          {
            Map<String, Object> map = new LinkedHashMap<>();
            if (info == 31) {
              for (Object k = next(); k != BREAK; k = next()) {
                map.put(String.valueOf(k), next());
              }
            } else {
              long n = argument(info);
              for (long i = 0; i < n; i++) {
                map.put(String.valueOf(next()), next());
              }
            }
            return map;
          }
        case 6:
          {
            long tag = argument(info);
            Object value = next();
            if (tag == 1 && value instanceof Number n) {
              return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
            }
            return value;
          }
        default:
          return simple(info);
      }
    }

    private Object simple(int info) {
      switch (info) {
        case 20:
          return false;
        case 21:
          return true;
        case 22:
        case 23:
          return null;
        case 25:
          return half((int) argument(25));
        case 26:
          return (double) Float.intBitsToFloat((int) argument(26));
        case 27:
          return Double.longBitsToDouble(argument(27));
        case 31:
          return BREAK;
        default:
          throw new IllegalArgumentException("CBOR simple value " + info);
      }
    }
  }

  /** An IEEE 754 half-precision value (RFC 8949 appendix D). */
  private static double half(int bits) {
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double value;
    if (exponent == 0) {
      value = mantissa * Math.pow(2, -24);
    } else if (exponent != 31) {
      value = (mantissa + 1024) * Math.pow(2, exponent - 25);
    } else {
      value = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    return (bits & 0x8000) != 0 ? -value : value;
  }

  private static void head(ByteArrayOutputStream out, int major, long value) {
    int m = major << 5;
    if (value < 24) {
      out.write(m | (int) value);
    } else if (value < 0x100) {
      out.write(m | 24);
      out.write((int) value);
    } else if (value < 0x10000) {
      out.write(m | 25);
      out.write((int) (value >> 8));
      out.write((int) value);
    } else if (value < 0x100000000L) {
      out.write(m | 26);
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (value >> s));
      }
    } else {
      out.write(m | 27);
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (value >> s));
      }
    }
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    if (value == null) {
      out.write(0xf6);
    } else if (value instanceof Boolean bool) {
      out.write(bool ? 0xf5 : 0xf4);
    } else if (value instanceof Integer || value instanceof Long) {
      long v = ((Number) value).longValue();
      if (v >= 0) {
        head(out, 0, v);
      } else {
        head(out, 1, -1 - v);
      }
    } else if (value instanceof Double || value instanceof Float) {
      out.write(0xfb);
      long bits = Double.doubleToLongBits(((Number) value).doubleValue());
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (bits >> s));
      }
    } else if (value instanceof String s) {
      byte[] data = s.getBytes(StandardCharsets.UTF_8);
      head(out, 3, data.length);
      out.writeBytes(data);
    } else if (value instanceof byte[] data) {
      head(out, 2, data.length);
      out.writeBytes(data);
    } else if (value instanceof Instant instant) {
      head(out, 6, 1);
      write(out, instant.toEpochMilli() / 1000.0);
    } else if (value instanceof List<?> list) {
      head(out, 4, list.size());
      list.forEach(v -> write(out, v));
    } else if (value instanceof Map<?, ?> map) {
      head(out, 5, map.size());
      map.forEach(
          (k, v) -> {
            write(out, String.valueOf(k));
            write(out, v);
          });
    } else {
      throw new IllegalArgumentException("no CBOR form for " + value.getClass());
    }
  }
}
