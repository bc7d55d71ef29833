#!/bin/sh
"$(dirname "$0")/record.sh"
# Tests make hosts unhealthy for a chosen revision by writing its VERSION here: on one host, or
# in the simulator's instances directory for every host (hosts Auto Scaling launches included).
version="$(cat "$FLEETDEPLOY_ROOT/opt/fleet-app/VERSION")"
for failing in "$FLEETDEPLOY_ROOT/etc/fleet-app/fail-validate" "$FLEETDEPLOY_ROOT/../fleet-app-fail-validate"; do
  if [ -f "$failing" ] && [ "$(cat "$failing")" = "$version" ]; then
    echo "health check failed: fleet-app $version does not answer" >&2
    exit 3
  fi
done
echo "fleet-app $version is healthy"
