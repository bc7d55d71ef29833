#!/bin/sh
# The page was installed, but the service it needs was never started.
if [ -f "$FLEETDEPLOY_ROOT/var/run/broken-web.pid" ]; then
  exit 0
fi
echo "broken-web is not running: no $FLEETDEPLOY_ROOT/var/run/broken-web.pid" >&2
exit 1
