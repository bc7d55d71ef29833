package io.fleetdeploy.simulator.http;

import io.fleetdeploy.simulator.codec.XmlWriter;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The AWS Query protocol's action names and XML envelopes (Auto Scaling, Elastic Load Balancing v2
 * and Classic, SNS, STS).
 */
public final class QueryProtocol {
  private QueryProtocol() {}

  /** The request's {@code Action}, refused as AWS refuses it when the service has no such one. */
  public static String action(SimRequest request, Set<String> operations, String version) {
    String action = request.form().get("Action");
    if (action == null || !operations.contains(action)) {
      throw ApiException.badRequest(
          "InvalidAction", "Could not find operation " + action + " for version " + version);
    }
    return action;
  }

  /** What the Query services answer when they throttle a call. */
  public static ApiException throttled() {
    return new ApiException("Throttling", "Rate exceeded", 400);
  }

  /**
   * {@code <ActionResponse><ActionResult>..</ActionResult><ResponseMetadata>..}; with a null {@code
   * result} the Result element is left out, as for operations that return nothing.
   */
  public static SimResponse response(
      String action, String namespace, String requestId, Consumer<XmlWriter> result) {
    XmlWriter xml = new XmlWriter().start(action + "Response", namespace);
    if (result != null) {
      xml.start(action + "Result");
      result.accept(xml);
      xml.end();
    }
    xml.start("ResponseMetadata").leaf("RequestId", requestId).end();
    return SimResponse.xml(200, xml.end().toString());
  }

  public static SimResponse error(ApiException e, String namespace, String requestId) {
    XmlWriter xml =
        new XmlWriter()
            .start("ErrorResponse", namespace)
            .start("Error")
            .leaf("Type", e.status() >= 500 ? "Receiver" : "Sender")
            .leaf("Code", e.code())
            .leaf("Message", e.getMessage())
            .end()
            .leaf("RequestId", requestId)
            .end();
    return SimResponse.xml(e.status(), xml.toString());
  }
}
