#!/bin/sh
mkdir -p "$FLEETDEPLOY_ROOT/tmp"
echo "ran although the bundle did not mark it executable" > "$FLEETDEPLOY_ROOT/tmp/noexec.txt"
