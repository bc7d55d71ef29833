#!/bin/sh
echo "$LIFECYCLE_EVENT by revision 2 for $DEPLOYMENT_ID" >> "$FLEETDEPLOY_ROOT/var/log/webapp/events.log"
grep -q "revision 2" "$FLEETDEPLOY_ROOT/opt/webapp/index.html" || { echo "index.html is not revision 2"; exit 1; }
echo "webapp revision 2 is serving"
