package io.fleetdeploy.fleet.aws;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What revisions the operator reads.
 *
 * @param maxBundleBytes bundles beyond this are refused (the operator reads the whole bundle once,
 *     into {@code /tmp}: the chart sizes that volume from the same value)
 * @param allowedUrlPrefixes the only addresses {@code url} revisions may have: an address is
 *     allowed when its scheme, host and port are a prefix's and its path lies under the prefix's
 *     path. Empty (the default): only S3 revisions, so that nobody who can create a Deployment
 *     makes the operator fetch an address of their choosing.
 */
public record RevisionSettings(long maxBundleBytes, List<URI> allowedUrlPrefixes) {
  public static final long DEFAULT_MAX_BUNDLE_MIB = 2048;

  public RevisionSettings {
    allowedUrlPrefixes = List.copyOf(allowedUrlPrefixes);
    for (URI prefix : allowedUrlPrefixes) {
      String scheme = prefix.getScheme() == null ? "" : prefix.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http"))
          || prefix.getHost() == null
          || prefix.getRawUserInfo() != null
          || prefix.getRawQuery() != null
          || prefix.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "allowed URL prefix "
                + prefix
                + " must be an http(s) address with a host"
                + " and no user, query or fragment, e.g. https://bundles.example.com/releases/");
      }
    }
  }

  public RevisionSettings(long maxBundleBytes) {
    this(maxBundleBytes, List.of());
  }

  public static RevisionSettings defaults() {
    return new RevisionSettings(DEFAULT_MAX_BUNDLE_MIB << 20);
  }

  /**
   * True when {@code url} lies under one of the allowed prefixes (after resolving {@code .} and
   * {@code ..}).
   */
  public boolean allows(URI url) {
    URI normalized = url.normalize();
    if (normalized.getHost() == null || normalized.getRawUserInfo() != null) {
      return false;
    }
    return allowedUrlPrefixes.stream()
        .anyMatch(
            prefix ->
                sameOrigin(prefix, normalized)
                    && pathUnder(normalized.getRawPath(), prefix.normalize().getRawPath()));
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && b.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && b.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1
        ? uri.getPort()
        : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static boolean pathUnder(String path, String prefixPath) {
    String p = path == null || path.isEmpty() ? "/" : path;
    String base = prefixPath == null || prefixPath.isEmpty() ? "/" : prefixPath;
    if (p.equals(base) || (base.endsWith("/") && p.startsWith(base))) {
      return !p.contains("/../");
    }
    return p.startsWith(base + "/") && !p.contains("/../");
  }
}
