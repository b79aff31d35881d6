#!/usr/bin/env bash
# tests/user/linux.sh [TARGET]: user tests on the host Linux, as one entry
# of tests/tests.list: `make TARGET` (default test-linux; test-shell-linux
# for the shell and tools).  Each check's name gets a "linux:" prefix, so
# a failure says where it failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
make -s "${1:-test-linux}" 2>&1 | sed -u -E 's/^(PASS|FAIL|SKIP) /\1 linux:/'
exit "${PIPESTATUS[0]}"
