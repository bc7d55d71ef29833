package io.fleetdeploy.fleet.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP endpoint that answers every request with one canned response, e.g. an AWS error
 * in a service's wire shape: for errors the simulator has no fault for (access denied).
 */
final class CannedAwsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 500;
  private volatile String contentType = "text/plain";
  private volatile String body = "";

  CannedAwsEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", contentType);
          exchange.getResponseHeaders().set("x-amzn-RequestId", "canned-request");
          boolean head = exchange.getRequestMethod().equals("HEAD");
          exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
          if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
          exchange.close();
        });
    server.start();
  }

  /** From now on every request gets this answer. */
  CannedAwsEndpoint answer(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    requests.set(0);
    return this;
  }

  /** EC2's error shape. */
  CannedAwsEndpoint ec2Error(int status, String code, String message) {
    return answer(
        status,
        "text/xml",
        "<Response><Errors><Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error></Errors><RequestID>canned-request</RequestID></Response>");
  }

  /** Auto Scaling's (AWS query protocol) error shape. */
  CannedAwsEndpoint autoScalingError(int status, String code, String message) {
    return answer(
        status,
        "text/xml",
        "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
            + "<Error><Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error>"
            + "<RequestId>canned-request</RequestId></ErrorResponse>");
  }

  /** SSM's (AWS JSON 1.1) error shape. */
  CannedAwsEndpoint ssmError(int status, String type, String message) {
    return answer(
        status,
        "application/x-amz-json-1.1",
        "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  int requests() {
    return requests.get();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
