#!/bin/sh
#
# tests/shell/regen.sh [ROOT]: print the shell test cases of
# tests/shell/shtest.c with the outputs that dash (Debian's /bin/sh) gives,
# in the form of the table in shtest.c, so that you can review them and
# paste them between "CASES BEGIN" and "CASES END".
#
# ROOT is a staging directory whose bin/ holds shtest and the user programs
# (default: build/shell-root, which `make test-shell-linux` fills).  The
# scripts run under dash, but the programs they start (cat, env, ls, sleep)
# are ours, from ROOT/bin.  REGEN_SHELL=/path/to/sh tries another shell.
set -eu
root=$(cd "${1:-build/shell-root}" && pwd)
SHMOS_ROOT=$root SHTEST_SHELL=${REGEN_SHELL:-/bin/dash} exec "$root/bin/shtest" --regen
