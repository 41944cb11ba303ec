#!/bin/sh
# Makes resources/recordings/demo.mcap (the recording the README's replay example and the
# tests use) with the project's own recorder from the embedded demo backend: one minute, one
# update per output every 5 s (the demo's images are noisy float64 and barely compress: at the
# default 1 s the minute would be ~25 MB). Usage (from the repo root): sh tools/make-demo-recording.sh
set -eu
out=resources/recordings/demo.mcap
rm -f "$out"
npm run record --silent -- --duration 60 --demo-interval 5000 --out "$out" --log-level warn
