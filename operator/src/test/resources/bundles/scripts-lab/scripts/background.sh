#!/bin/sh
# The classic mistake: the server inherits the script's stdout and stderr.
sleep 600 &
echo "server started"
