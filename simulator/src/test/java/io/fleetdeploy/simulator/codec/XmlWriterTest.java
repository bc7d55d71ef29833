package io.fleetdeploy.simulator.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlWriterTest {

  @Test
  void escapesTextSkipsNullsAndDropsCharactersXmlCannotCarry() {
    String xml =
        new XmlWriter()
            .start("R", "urn:x")
            .leaf("a", "<&>\"'")
            .leaf("skipped", null)
            .leaf("ctl", "x\u0001y")
            .empty("e")
            .end()
            .toString();
    assertThat(xml)
        .endsWith("<R xmlns=\"urn:x\"><a>&lt;&amp;&gt;&quot;&apos;</a><ctl>xy</ctl><e/></R>");
    assertThat(XmlDocuments.parse(xml.getBytes(UTF_8)).getLocalName()).isEqualTo("R");
  }

  @Test
  void unbalancedDocumentsAreAProgrammingError() {
    assertThatThrownBy(() -> new XmlWriter().start("open").toString())
        .isInstanceOf(IllegalStateException.class);
  }
}
