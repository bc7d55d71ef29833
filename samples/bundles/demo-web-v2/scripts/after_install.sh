#!/bin/sh
# AfterInstall: records which release this host now has; the server reports it on /health.
set -e
python3 - "$FLEETDEPLOY_ROOT/etc/demo-web/release.json" "$(cat "$FLEETDEPLOY_ROOT/opt/demo-web/VERSION")" <<'PY'
import json, os, sys
release = {
    'version': sys.argv[2],
    'deploymentId': os.environ.get('DEPLOYMENT_ID', ''),
    'deploymentGroup': os.environ.get('DEPLOYMENT_GROUP_NAME', ''),
    'instance': os.environ.get('AWS_SSM_INSTANCE_ID', ''),
}
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    json.dump(release, f)
print('release %(version)s of deployment %(deploymentId)s recorded' % release)
PY
