#!/bin/sh
# Never finishes in time; leaves a child behind that only a process-group kill reaches.
sleep 97531 &
echo "waiting forever"
sleep 97532
