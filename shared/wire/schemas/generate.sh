#!/bin/sh
# Regenerates shared/wire/generated/ from the .fbs files with flatc (Debian flatbuffers-compiler 2.0.8).
# The output is committed, so CI and other developers do not need flatc.
# Usage (from the repo root): sh shared/wire/schemas/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../generated"
rm -f "$out"/*.ts
flatc --ts -o "$out" "$here/da00_dataarray.fbs" "$here/x5f2_status.fbs"
