package io.fleetdeploy.simulator.codec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The timestamp shapes the AWS protocols put on the wire. */
public final class AwsTime {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private AwsTime() {}

  /** The last instant {@link #iso} formatted, and how. */
  private record Formatted(Instant instant, String text) {}

  private static volatile Formatted lastIso =
      new Formatted(Instant.EPOCH, ISO_MILLIS.format(Instant.EPOCH));

  /**
   * {@code 2024-05-01T12:00:00.123Z}: EC2, Auto Scaling and S3 XML bodies. The last one formatted
   * is kept: a DescribeInstances of a fleet added at once writes the same launch time thousands of
   * times.
   */
  public static String iso(Instant t) {
    if (t == null) {
      return null;
    }
    Formatted last = lastIso;
    if (last.instant().equals(t)) {
      return last.text();
    }
    String text = ISO_MILLIS.format(t);
    lastIso = new Formatted(t, text);
    return text;
  }

  /** {@code Wed, 01 May 2024 12:00:00 GMT}: HTTP headers such as Last-Modified. */
  public static String rfc1123(Instant t) {
    return RFC_1123.format(t);
  }

  /** Epoch seconds with millisecond fraction: the AWS JSON protocol's timestamps. */
  public static BigDecimal epochSeconds(Instant t) {
    return t == null ? null : BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }

  /** Parses {@code 20240501T120000Z} as SigV4 writes it in X-Amz-Date. */
  public static Instant parseAmzDate(String s) {
    return Instant.from(AMZ_DATE.parse(s));
  }

  /** Parses an ISO-8601 instant, with or without fraction, 'Z' or an offset. */
  public static Instant parseIso(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return java.time.OffsetDateTime.parse(s).toInstant();
    }
  }
}
