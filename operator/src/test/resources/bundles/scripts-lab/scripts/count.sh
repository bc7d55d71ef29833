#!/bin/sh
mkdir -p "$FLEETDEPLOY_ROOT/tmp"
echo "$LIFECYCLE_EVENT $DEPLOYMENT_ID" >> "$FLEETDEPLOY_ROOT/tmp/count.txt"
