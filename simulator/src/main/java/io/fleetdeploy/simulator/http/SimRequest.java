package io.fleetdeploy.simulator.http;

import io.fleetdeploy.simulator.codec.QueryArgs;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One HTTP request as the services see it: body fully read, headers case-insensitive. */
public final class SimRequest {
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String requestId;
  private QueryArgs queryArgs;
  private QueryArgs formArgs;

  public SimRequest(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String requestId) {
    this.method = method;
    this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    this.rawQuery = rawQuery;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    this.headers = Collections.unmodifiableMap(h);
    this.body = body;
    this.requestId = requestId;
  }

  public String method() {
    return method;
  }

  /** The path exactly as sent, still percent-encoded. */
  public String rawPath() {
    return rawPath;
  }

  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public String requestId() {
    return requestId;
  }

  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The URL query parameters, decoded. */
  public synchronized QueryArgs query() {
    if (queryArgs == null) {
      queryArgs = QueryArgs.parseForm(rawQuery);
    }
    return queryArgs;
  }

  /** Query protocol arguments: the URL query plus a form-encoded body. */
  public synchronized QueryArgs form() {
    if (formArgs == null) {
      String contentType = header("Content-Type");
      boolean formBody =
          "POST".equals(method)
              && (contentType == null
                  || contentType
                      .toLowerCase(java.util.Locale.ROOT)
                      .startsWith("application/x-www-form-urlencoded"));
      formArgs = QueryArgs.parseForm(rawQuery, formBody ? bodyText() : null);
    }
    return formArgs;
  }
}
