#!/bin/sh
# Fails on hosts marked broken after writing about 4 KB of diagnostics.
if [ -f "$FLEETDEPLOY_ROOT/etc/adapter-app/broken" ]; then
  i=1
  while [ $i -le 60 ]; do
    echo "diagnostic line $i: the service on this host does not answer its health check yet"
    i=$((i + 1))
  done
  # On stdout, after the diagnostics: the last line of the log tail, whatever the order of the pipes.
  echo "check failed: $(cat "$FLEETDEPLOY_ROOT/etc/adapter-app/broken")"
  exit 4
fi
echo "adapter-app $(cat "$FLEETDEPLOY_ROOT/opt/adapter-app/VERSION") is healthy"
