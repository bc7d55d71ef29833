#!/bin/sh
mkdir -p "$FLEETDEPLOY_ROOT/var/log/webapp"
echo "$LIFECYCLE_EVENT by revision 2 for $DEPLOYMENT_ID" >> "$FLEETDEPLOY_ROOT/var/log/webapp/events.log"
