#!/bin/sh
# One line per lifecycle event and deployment: tests count them to prove no host ran twice.
mkdir -p "$FLEETDEPLOY_ROOT/var/log/fleet-app"
echo "$DEPLOYMENT_ID $LIFECYCLE_EVENT $(cat "$(dirname "$0")/../app/VERSION")" >> "$FLEETDEPLOY_ROOT/var/log/fleet-app/events.log"
# Tests slow hosts down by writing a number of seconds here.
if [ -f "$FLEETDEPLOY_ROOT/etc/fleet-app/slow" ]; then sleep "$(cat "$FLEETDEPLOY_ROOT/etc/fleet-app/slow")"; fi
