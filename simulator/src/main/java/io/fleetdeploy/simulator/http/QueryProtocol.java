package io.fleetdeploy.simulator.http;

import io.fleetdeploy.simulator.codec.XmlWriter;
import java.util.function.Consumer;

/** The AWS Query protocol's XML envelopes (Auto Scaling, STS). */
public final class QueryProtocol {
  private QueryProtocol() {}

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
