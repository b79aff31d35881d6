#!/usr/bin/env bash
# tests/user/linux.sh: the user tests on the host Linux (`make test-linux`),
# as one entry of tests/tests.list.  Each check's name gets a "linux:"
# prefix, so a failure says where it failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
make -s test-linux 2>&1 | sed -u -E 's/^(PASS|FAIL|SKIP) /\1 linux:/'
exit "${PIPESTATUS[0]}"
