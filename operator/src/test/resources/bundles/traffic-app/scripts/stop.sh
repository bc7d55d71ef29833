#!/bin/sh
mkdir -p "$FLEETDEPLOY_ROOT/var/log/fleet-app"
echo "$DEPLOYMENT_ID ApplicationStop $(cat "$(dirname "$0")/../app/VERSION")" >> "$FLEETDEPLOY_ROOT/var/log/fleet-app/events.log"
