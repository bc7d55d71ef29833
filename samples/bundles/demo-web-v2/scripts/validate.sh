#!/bin/sh
# ValidateService: the server answers, with the version this bundle installed and the release of
# this very deployment (not a server left over from an earlier one).
expected="$(cat "$(dirname "$0")/../app/VERSION")"
installed="$(cat "$FLEETDEPLOY_ROOT/opt/demo-web/VERSION" 2>/dev/null)"
if [ "$installed" != "$expected" ]; then
  echo "/opt/demo-web holds version '$installed', not $expected" >&2
  exit 1
fi
port="$(cat "$FLEETDEPLOY_ROOT/var/run/demo-web/port" 2>/dev/null)"
if [ -z "$port" ]; then
  echo "demo-web is not running: no port file" >&2
  exit 1
fi
exec python3 - "$port" "$expected" "$DEPLOYMENT_ID" <<'PY'
import json, sys, time, urllib.request
port, version, deployment = sys.argv[1], sys.argv[2], sys.argv[3]
# No proxy: a proxy from the environment must not answer for 127.0.0.1.
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))
base = 'http://127.0.0.1:%s' % port
for attempt in range(20):
    try:
        with http.open(base + '/health', timeout=2) as response:
            health = json.load(response)
        with http.open(base + '/', timeout=2) as response:
            page = response.read().decode('utf-8')
        break
    except OSError as e:
        error = e
        time.sleep(0.25)
else:
    sys.exit('demo-web does not answer on %s: %s' % (base, error))
if health.get('version') != version or health.get('deploymentId') != deployment:
    sys.exit('demo-web on %s answers %s, expected version %s of deployment %s' % (base, health, version, deployment))
if 'demo-web ' + version not in page:
    sys.exit('the page on %s is not the one of version %s' % (base, version))
print('demo-web %s of deployment %s answers on %s' % (version, deployment, base))
PY
