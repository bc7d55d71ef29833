#!/bin/sh
# Leaves a trace per deployment, so tests can count which hosts ran the plan and how often.
mkdir -p "$FLEETDEPLOY_ROOT/var/log/adapter-app"
echo "$DEPLOYMENT_ID $LIFECYCLE_EVENT" >> "$FLEETDEPLOY_ROOT/var/log/adapter-app/events.log"
