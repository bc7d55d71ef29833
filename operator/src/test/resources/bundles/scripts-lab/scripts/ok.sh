#!/bin/sh
echo "ok from $LIFECYCLE_EVENT"
