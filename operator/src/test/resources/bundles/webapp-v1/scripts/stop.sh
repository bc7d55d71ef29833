#!/bin/sh
# Stops the application: the next deployment runs this copy, from revision 1.
echo "stopping webapp with the stop script of revision 1"
mkdir -p "$FLEETDEPLOY_ROOT/var/log/webapp"
echo "ApplicationStop by revision 1 for $DEPLOYMENT_ID" >> "$FLEETDEPLOY_ROOT/var/log/webapp/events.log"
