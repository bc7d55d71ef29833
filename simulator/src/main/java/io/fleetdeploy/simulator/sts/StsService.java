package io.fleetdeploy.simulator.sts;

import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.QueryProtocol;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.util.Set;

/** AWS STS, just enough for clients that ask who they are (GetCallerIdentity). */
public final class StsService implements AwsService {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private final String accountId;

  public StsService(String accountId) {
    this.accountId = accountId;
  }

  @Override
  public String name() {
    return "sts";
  }

  @Override
  public String operation(SimRequest request) {
    return QueryProtocol.action(request, Set.of("GetCallerIdentity"), "2011-06-15");
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    String accessKey = accessKeyOf(request.header("Authorization"));
    return QueryProtocol.response(
        operation,
        NAMESPACE,
        request.requestId(),
        xml ->
            xml.leaf("Arn", "arn:aws:iam::" + accountId + ":user/fleetdeploy-simulator")
                .leaf("UserId", accessKey == null ? "AIDAFLEETDEPLOYSIM0001" : accessKey)
                .leaf("Account", accountId));
  }

  private static String accessKeyOf(String authorization) {
    if (authorization == null) {
      return null;
    }
    int at = authorization.indexOf("Credential=");
    if (at < 0) {
      return null;
    }
    int slash = authorization.indexOf('/', at);
    return slash < 0 ? null : authorization.substring(at + "Credential=".length(), slash);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    return QueryProtocol.error(e, NAMESPACE, request.requestId());
  }

  @Override
  public ApiException throttled() {
    return QueryProtocol.throttled();
  }
}
