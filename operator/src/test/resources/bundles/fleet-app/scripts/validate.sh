#!/bin/sh
"$(dirname "$0")/record.sh"
# Tests make chosen hosts unhealthy for a chosen revision by writing its VERSION here.
failing="$FLEETDEPLOY_ROOT/etc/fleet-app/fail-validate"
if [ -f "$failing" ] && [ "$(cat "$failing")" = "$(cat "$FLEETDEPLOY_ROOT/opt/fleet-app/VERSION")" ]; then
  echo "health check failed: fleet-app $(cat "$failing") does not answer" >&2
  exit 3
fi
echo "fleet-app $(cat "$FLEETDEPLOY_ROOT/opt/fleet-app/VERSION") is healthy"
