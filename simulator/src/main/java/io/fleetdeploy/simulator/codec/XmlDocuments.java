package io.fleetdeploy.simulator.codec;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads small XML request bodies (S3 configuration documents) with external entities off. */
public final class XmlDocuments {
  private XmlDocuments() {}

  public static Element parse(byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Document doc = b.parse(new ByteArrayInputStream(xml));
      return doc.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
    }
  }

  /** The text of the first child element with this local name, or null. */
  public static String childText(Element parent, String localName) {
    for (Element child : children(parent, localName)) {
      return child.getTextContent().trim();
    }
    return null;
  }

  public static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(localNameOf(e))) {
        out.add(e);
      }
    }
    return out;
  }

  private static String localNameOf(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }
}
