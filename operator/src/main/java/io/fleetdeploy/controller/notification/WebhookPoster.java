package io.fleetdeploy.controller.notification;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.WebhookDestination;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * POSTs a trigger's JSON to the webhook URL kept in a Secret of the group's namespace. Only {@code
 * https://} URLs are accepted, except {@code http://} to a loopback address (a receiver on the
 * operator's own host, and the tests' local server): anything else would send the deployment's
 * details, and whatever token the URL carries, in clear text.
 */
public final class WebhookPoster {
  static final String DEFAULT_KEY = "url";
  private final KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public WebhookPoster(KubernetesClient client) {
    this.client = client;
  }

  /** Posts {@code body}; throws with a message saying what went wrong (the send is retried). */
  void post(String namespace, WebhookDestination webhook, String body) throws IOException {
    URI url = url(namespace, webhook);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "webhook of Secret "
              + webhook.getSecretName()
              + " answered HTTP "
              + response.statusCode());
    }
  }

  private URI url(String namespace, WebhookDestination webhook) throws IOException {
    String key = webhook.getKey() == null ? DEFAULT_KEY : webhook.getKey();
    Secret secret = client.secrets().inNamespace(namespace).withName(webhook.getSecretName()).get();
    if (secret == null) {
      throw new IOException(
          "Secret " + namespace + "/" + webhook.getSecretName() + " of the webhook does not exist");
    }
    String text = null;
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      text = secret.getStringData().get(key);
    } else if (secret.getData() != null && secret.getData().get(key) != null) {
      text =
          new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (text == null || text.isBlank()) {
      throw new IOException(
          "Secret " + namespace + "/" + webhook.getSecretName() + " has no key " + key);
    }
    URI url;
    try {
      url = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "the URL in Secret " + namespace + "/" + webhook.getSecretName() + " is not a URL");
    }
    if ("https".equalsIgnoreCase(url.getScheme())) {
      return url;
    }
    if ("http".equalsIgnoreCase(url.getScheme()) && loopback(url.getHost())) {
      return url;
    }
    throw new IOException(
        "the URL in Secret "
            + namespace
            + "/"
            + webhook.getSecretName()
            + " must be https:// (http:// only to a loopback address)");
  }

  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name other than localhost is not resolved here
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }
}
