package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A url revision makes the operator's pod fetch an address: only addresses under the operator's
 * allowed prefixes are fetched (none by default), redirects are followed only within the same host
 * and the prefixes, and nothing is asked of a server outside them.
 */
class UrlRevisionSafetyTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final byte[] BUNDLE = "bundle bytes".getBytes(StandardCharsets.UTF_8);

  private HttpServer allowed;
  private HttpServer internal;
  private final AtomicInteger allowedRequests = new AtomicInteger();
  private final AtomicInteger internalRequests = new AtomicInteger();

  @BeforeEach
  void servers() throws IOException {
    internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    internal.createContext(
        "/",
        exchange -> {
          internalRequests.incrementAndGet();
          respond(
              exchange,
              200,
              "secret: the metadata service's answer".getBytes(StandardCharsets.UTF_8));
        });
    internal.start();
    allowed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    allowed.createContext(
        "/",
        exchange -> {
          allowedRequests.incrementAndGet();
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/releases/elsewhere.tgz")) {
            exchange
                .getResponseHeaders()
                .add("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/latest");
            respond(exchange, 302, new byte[0]);
          } else if (path.equals("/releases/moved.tgz")) {
            exchange.getResponseHeaders().add("Location", "/releases/app.tgz");
            respond(exchange, 301, new byte[0]);
          } else if (path.equals("/releases/outside.tgz")) {
            exchange.getResponseHeaders().add("Location", "/private/app.tgz");
            respond(exchange, 302, new byte[0]);
          } else {
            respond(exchange, 200, BUNDLE);
          }
        });
    allowed.start();
  }

  @AfterEach
  void stop() {
    allowed.stop(0);
    internal.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + allowed.getAddress().getPort();
  }

  private AwsRevisionStore store(String... prefixes) {
    return new AwsRevisionStore(
        AWS.aws(),
        new RevisionSettings(1 << 20, java.util.Arrays.stream(prefixes).map(URI::create).toList()));
  }

  private static RevisionLocation.Url url(String address) {
    return new RevisionLocation.Url(URI.create(address), Optional.empty(), "tgz");
  }

  @Test
  void withoutAllowedPrefixesNoUrlRevisionIsFetched() {
    assertRefused(
        () -> store().pin(url(base() + "/releases/app.tgz")),
        "url revisions are not allowed by this operator (it was started without --allowed-url-prefixes");
    assertThat(allowedRequests).hasValue(0);
  }

  @Test
  void onlyAddressesUnderAnAllowedPrefixAreFetched() throws IOException {
    AwsRevisionStore store = store(base() + "/releases/");

    PinnedBundle pinned = store.pin(url(base() + "/releases/app.tgz"));
    Files.delete(pinned.file());

    assertThat(pinned.sizeBytes()).isEqualTo(BUNDLE.length);
    assertRefused(
        () -> store.pin(url(base() + "/private/app.tgz")),
        "not under any of the operator's allowed URL prefixes");
    assertRefused(() -> store.pin(url(base() + "/releases/../private/app.tgz")), "not under any");
    assertRefused(() -> store.pin(url(base() + "/releasesX/app.tgz")), "not under any");
    assertRefused(
        () ->
            store.pin(
                url("http://127.0.0.1:" + internal.getAddress().getPort() + "/releases/app.tgz")),
        "not under any");
    assertThat(allowedRequests).hasValue(1);
    assertThat(internalRequests).hasValue(0);
  }

  @Test
  void redirectsAreFollowedWithinTheHostAndThePrefixesOnly() throws IOException {
    AwsRevisionStore store = store(base() + "/releases/");

    PinnedBundle moved = store.pin(url(base() + "/releases/moved.tgz"));
    Files.delete(moved.file());

    assertThat(moved.sizeBytes()).isEqualTo(BUNDLE.length);
    assertRefused(
        () -> store.pin(url(base() + "/releases/elsewhere.tgz")), "redirects to another host");
    assertRefused(
        () -> store.pin(url(base() + "/releases/outside.tgz")), "outside the allowed URL prefixes");
    assertThat(internalRequests).as("the other host was never asked").hasValue(0);
  }

  @Test
  void prefixesMustBePlainHttpAddresses() {
    for (String bad :
        List.of(
            "file:///etc/",
            "https://user@artifacts.example.com/",
            "ftp://artifacts.example.com/",
            "https:///releases/")) {
      assertThatThrownBy(() -> new RevisionSettings(1, List.of(URI.create(bad))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  void theOperatorRefusesToStartWithAPrefixThatIsNotAPlainHttpAddress() {
    io.fleetdeploy.appspec.CommandLineCapture.Result result =
        io.fleetdeploy.appspec.CommandLineCapture.run(
            "run",
            "--allowed-url-prefixes",
            "https://artifacts.example.com/releases/,file:///etc/");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("allowed URL prefix file:///etc/ must be an http(s) address");
  }

  private static void assertRefused(ThrowingCallable call, String saying) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.INVALID_REQUEST))
        .message()
        .contains(saying);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
      throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
