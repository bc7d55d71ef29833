#!/bin/sh
# BeforeInstall: the host has what demo-web needs, and the directories it writes to.
if ! command -v python3 >/dev/null 2>&1; then
  echo "demo-web needs python3 on the host" >&2
  exit 1
fi
mkdir -p "$FLEETDEPLOY_ROOT/var/run/demo-web" "$FLEETDEPLOY_ROOT/var/log/demo-web" "$FLEETDEPLOY_ROOT/etc/demo-web"
echo "python3 $(python3 -c 'import platform; print(platform.python_version())') is here"
