#!/bin/sh
i=0
while [ $i -lt 20000 ]; do
  echo "line $i of a very chatty script that writes far more than anyone should read"
  i=$((i + 1))
done
echo "the last words"
exit 1
