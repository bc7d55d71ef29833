#!/bin/sh
# Stops the application: the next deployment runs this copy, from revision 2.
echo "stopping webapp with the stop script of revision 2"
mkdir -p "$FLEETDEPLOY_ROOT/var/log/webapp"
echo "ApplicationStop by revision 2 for $DEPLOYMENT_ID" >> "$FLEETDEPLOY_ROOT/var/log/webapp/events.log"
