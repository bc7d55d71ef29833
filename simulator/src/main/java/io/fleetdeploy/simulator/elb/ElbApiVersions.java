package io.fleetdeploy.simulator.elb;

import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;

/**
 * Classic ELB and ELBv2 share the signing name {@code elasticloadbalancing} (so one entry in the
 * router) and differ by the Query protocol's {@code Version}: 2012-06-01 is Classic, 2015-12-01 is
 * v2. Each request goes to the API of its version.
 */
public final class ElbApiVersions implements AwsService {
  private final ElbClassicService classic;
  private final ElbV2Service v2;

  public ElbApiVersions(ElbClassicService classic, ElbV2Service v2) {
    this.classic = classic;
    this.v2 = v2;
  }

  @Override
  public String name() {
    return "elasticloadbalancing";
  }

  private AwsService of(SimRequest request) {
    String version = request.form().get("Version");
    if (ElbClassicService.VERSION.equals(version)) {
      return classic;
    }
    if (ElbV2Service.VERSION.equals(version)) {
      return v2;
    }
    throw ApiException.badRequest(
        version == null ? "MissingParameter" : "NoSuchVersion",
        version == null
            ? "The request must contain the parameter Version"
            : "Elastic Load Balancing has no API version "
                + version
                + " (2012-06-01: Classic, 2015-12-01: v2)");
  }

  @Override
  public String operation(SimRequest request) {
    return of(request).operation(request);
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    return of(request).handle(operation, request);
  }

  @Override
  public SimResponse error(ApiException error, SimRequest request) {
    String version = request.form().get("Version");
    return (ElbV2Service.VERSION.equals(version) ? v2 : classic).error(error, request);
  }

  @Override
  public ApiException throttled() {
    return v2.throttled();
  }
}
