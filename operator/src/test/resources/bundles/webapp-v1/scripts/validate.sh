#!/bin/sh
echo "$LIFECYCLE_EVENT by revision 1 for $DEPLOYMENT_ID" >> "$FLEETDEPLOY_ROOT/var/log/webapp/events.log"
grep -q "revision 1" "$FLEETDEPLOY_ROOT/opt/webapp/index.html" || { echo "index.html is not revision 1"; exit 1; }
echo "webapp revision 1 is serving"
