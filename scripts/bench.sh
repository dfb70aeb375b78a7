#!/usr/bin/env bash
# make bench: request benchmarks, locust, deadline scan and CSV export (docs/benchmarks.md).
# Options go to scripts/bench/run.py, e.g. scripts/bench.sh --sizes 500 --no-locust
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python scripts/ensure_services.py >/dev/null 2>&1 || true
exec .venv/bin/python scripts/bench/run.py "$@"
