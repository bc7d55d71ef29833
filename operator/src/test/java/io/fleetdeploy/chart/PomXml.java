package io.fleetdeploy.chart;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** Values of the repository's pom.xml files, which the chart and the Dockerfile must agree with. */
public final class PomXml {
  static final Path ROOT_POM = Helm.REPO_ROOT.resolve("pom.xml");
  static final Path OPERATOR_POM = Helm.REPO_ROOT.resolve(Path.of("operator", "pom.xml"));

  private PomXml() {}

  /** The project version: the chart's appVersion must follow it. */
  static String projectVersion() {
    return value(ROOT_POM, "/project/version");
  }

  /**
   * One value by XPath; the parser is not namespace-aware, so poms' default namespace needs no
   * prefix.
   */
  public static String value(Path pom, String xpath) {
    try {
      Document document =
          DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
      String value = XPathFactory.newInstance().newXPath().evaluate(xpath, document).trim();
      if (value.isEmpty()) {
        throw new AssertionError(pom + " has no " + xpath);
      }
      return value;
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("cannot read " + xpath + " of " + pom + ": " + e.getMessage(), e);
    }
  }
}
