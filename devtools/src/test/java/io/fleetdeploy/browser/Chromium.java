package io.fleetdeploy.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium (Debian's {@code chromium}) driven over its DevTools protocol: no Selenium,
 * no driver binary. It listens on a port it picks itself and says which on stderr.
 */
final class Chromium implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");

  private final Process process;
  private final Path profile;
  private final URI browserEndpoint;
  private final List<String> output = new ArrayList<>();

  private Chromium(Process process, Path profile, URI browserEndpoint) {
    this.process = process;
    this.profile = profile;
    this.browserEndpoint = browserEndpoint;
  }

  /** The browser binary on the PATH, if there is one. */
  static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  static Chromium start(Path binary, int width, int height)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("fleetdeploy-chromium");
    List<String> command =
        List.of(
            binary.toString(),
            "--headless=new",
            // Tests run as root in containers, where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile,
            "--window-size=" + width + "," + height,
            "about:blank");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<URI> endpoint = new CompletableFuture<>();
    List<String> output = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    endpoint.complete(URI.create(m.group(1)));
                  }
                }
              } catch (IOException e) {
                endpoint.completeExceptionally(e);
              }
              endpoint.completeExceptionally(
                  new IOException("chromium exited before it listened: " + output));
            },
            "chromium-output");
    reader.setDaemon(true);
    reader.start();
    try {
      Chromium chromium = new Chromium(process, profile, endpoint.get(60, TimeUnit.SECONDS));
      synchronized (output) {
        chromium.output.addAll(output);
      }
      return chromium;
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("could not start " + binary + ": " + e.getMessage() + " " + output, e);
    }
  }

  /** The first page (tab) of the browser, over its own DevTools connection. */
  DevToolsPage page() throws IOException, InterruptedException {
    URI list =
        URI.create(
            "http://" + browserEndpoint.getHost() + ":" + browserEndpoint.getPort() + "/json/list");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString());
    var targets = DevToolsPage.JSON.readTree(response.body());
    for (var target : targets) {
      if (target.path("type").asText().equals("page")) {
        return DevToolsPage.connect(URI.create(target.path("webSocketDebuggerUrl").asText()));
      }
    }
    throw new IOException("chromium has no page: " + response.body());
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
