#!/bin/sh
echo "checking the configuration"
echo "config/app.conf: port is missing" >&2
exit 3
