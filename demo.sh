#!/usr/bin/env bash
# The one-command demo: broker, disk collector, console collector and the demo application.
echo "logcast demo: not yet available (it lands with the demo issue); run the tests with: mvn -B verify" >&2
exit 1
