#!/bin/sh
# One line per lifecycle event and deployment: tests count them to prove no host ran twice.
mkdir -p "$FLEETDEPLOY_ROOT/var/log/fleet-app"
echo "$DEPLOYMENT_ID $LIFECYCLE_EVENT $(cat "$(dirname "$0")/../app/VERSION")" >> "$FLEETDEPLOY_ROOT/var/log/fleet-app/events.log"
# Tests slow hosts down by writing a number of seconds here, on one host or (in the simulator's
# instances directory, the parent of every simulated root) on all of them, new ones included.
for slow in "$FLEETDEPLOY_ROOT/etc/fleet-app/slow" "$FLEETDEPLOY_ROOT/../fleet-app-slow"; do
  if [ -f "$slow" ]; then sleep "$(cat "$slow")"; fi
done
