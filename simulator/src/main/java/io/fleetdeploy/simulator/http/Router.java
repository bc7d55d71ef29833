package io.fleetdeploy.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fleetdeploy.simulator.Faults;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The single HTTP entry point: picks the service, names the operation, accounts the call, applies
 * latency and throttling faults, and turns every failure into the service's own error shape (never
 * a bare 500 with a stack trace).
 */
public final class Router implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());

  private final Map<String, AwsService> services;
  private final CallLedger ledger;
  private final Faults faults;

  public Router(Map<String, AwsService> services, CallLedger ledger, Faults faults) {
    this.services = Map.copyOf(services);
    this.ledger = ledger;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI uri = exchange.getRequestURI();
      SimRequest request =
          new SimRequest(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery(),
              exchange.getRequestHeaders(),
              body,
              UUID.randomUUID().toString());
      write(exchange, request, dispatch(request));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "client connection failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "simulator failed to answer a request", e);
      byte[] msg = ("simulator error: " + e).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(500, msg.length);
      exchange.getResponseBody().write(msg);
    } finally {
      exchange.close();
    }
  }

  SimResponse dispatch(SimRequest request) {
    String serviceName;
    try {
      serviceName = ServiceResolver.resolve(request);
    } catch (IllegalArgumentException e) {
      ledger.record("unknown", "Malformed", false);
      return malformed(request, e);
    }
    AwsService service = services.get(serviceName);
    if (service == null) {
      ledger.record(serviceName, "Unsupported", false);
      return SimResponse.xml(
          400,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>Sender</Type>"
              + "<Code>InvalidAction</Code><Message>The simulator does not implement the service '"
              + serviceName
              + "'</Message></Error><RequestId>"
              + request.requestId()
              + "</RequestId></ErrorResponse>");
    }
    String operation;
    try {
      operation = service.operation(request);
    } catch (ApiException e) {
      ledger.record(serviceName, "Unknown", false);
      return service.error(e, request);
    } catch (IllegalArgumentException e) {
      ledger.record(serviceName, "Malformed", false);
      return service.error(
          ApiException.badRequest("MalformedQueryString", e.getMessage()), request);
    }
    sleep(faults.latency());
    if (faults.shouldThrottle(serviceName, operation)) {
      ledger.record(serviceName, operation, true);
      return service.error(service.throttled(), request);
    }
    ledger.record(serviceName, operation, false);
    try {
      return service.handle(operation, request);
    } catch (ApiException e) {
      return service.error(e, request);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "internal error in " + serviceName + ":" + operation, e);
      return service.error(
          new ApiException(
              internalErrorCode(serviceName),
              "The simulator failed to process " + operation + ": " + e,
              500),
          request);
    }
  }

  private static SimResponse malformed(SimRequest request, IllegalArgumentException e) {
    return SimResponse.xml(
        400,
        new io.fleetdeploy.simulator.codec.XmlWriter()
            .start("ErrorResponse")
            .start("Error")
            .leaf("Type", "Sender")
            .leaf("Code", "MalformedQueryString")
            .leaf("Message", e.getMessage())
            .end()
            .leaf("RequestId", request.requestId())
            .end()
            .toString());
  }

  private static String internalErrorCode(String service) {
    return switch (service) {
      case "ssm" -> "InternalServerError";
      case "autoscaling", "sts" -> "InternalFailure";
      default -> "InternalError";
    };
  }

  private static void sleep(Duration latency) {
    if (latency.isZero()) {
      return;
    }
    try {
      Thread.sleep(latency.toMillis(), (int) (latency.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(HttpExchange exchange, SimRequest request, SimResponse response)
      throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean head = "HEAD".equals(request.method());
    byte[] body = response.body();
    if (head) {
      // HEAD answers carry the length the GET would have, but no body.
      exchange.sendResponseHeaders(response.status(), -1);
    } else if (body.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
    } else {
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
