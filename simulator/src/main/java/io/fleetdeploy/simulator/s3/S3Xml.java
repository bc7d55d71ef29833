package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.codec.XmlDocuments;
import io.fleetdeploy.simulator.http.ApiException;
import org.w3c.dom.Element;

/** What S3 bodies and headers share: reading request XML, quoting ETags. */
final class S3Xml {
  private S3Xml() {}

  /** A request's XML body; anything unreadable is S3's MalformedXML. */
  static Element parse(byte[] body) {
    try {
      return XmlDocuments.parse(body);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          "MalformedXML",
          "The XML you provided was not well-formed or did not validate against"
              + " our published schema",
          400);
    }
  }

  /** ETags travel in double quotes, in headers and in XML. */
  static String quote(String etag) {
    return etag == null ? null : "\"" + etag + "\"";
  }
}
