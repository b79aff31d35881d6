# shellcheck shell=bash
# tests/boot/lib.sh: helpers shared by the boot tests (sourced, not run).
#
# A boot test boots the kernel with tools/qemu-run, keeps the console in a
# file, and prints one protocol line per check (tests/README.md):
#   PASS name | FAIL name: detail | SKIP name: reason | INFO text
# The raw console is copied to stderr with a "  | " prefix, so it lands in
# build/test-logs/NAME.log without being mistaken for protocol lines.
#
# Usage:
#   source "$(dirname "$0")/lib.sh"
#   boot NAME [qemu-run options...]     # sets BOOT_STATUS, BOOT_OUT, BOOT_T0
#   has NAME 'extended regex'           # does the console of boot NAME match?
#   check NAME true|false "detail"      # or: pass NAME / fail NAME "detail"
#   finish                              # exit 1 if any check failed

set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1

failures=0
work=$(mktemp -d "${TMPDIR:-/tmp}/boot-test.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

pass() { printf 'PASS %s\n' "$1"; }
fail() {
	printf 'FAIL %s: %s\n' "$1" "$2"
	failures=$((failures + 1))
}
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; }
info() { printf 'INFO %s\n' "$*"; }

# check NAME STATUS DETAIL: PASS if STATUS is 0, else FAIL with DETAIL, e.g.
#   has pvh '^shmos '; check pvh-banner $? "no banner line"
check() {
	if [[ $2 -eq 0 ]]; then pass "$1"; else fail "$1" "$3"; fi
}

# Microseconds since the epoch, without a fork.
now_us() {
	NOW=${EPOCHREALTIME//[!0-9]/}
	NOW=$((10#$NOW))
}

# What qemu-run's status means, for FAIL details.
describe_status() {
	case $1 in
	124) echo "124 (timeout)" ;;
	125) echo "125 (kernel panic)" ;;
	126) echo "126 (no @@EXIT/PANIC: QEMU or the loader failed, or a missing artifact)" ;;
	*) echo "$1" ;;
	esac
}

# boot NAME [qemu-run args...]: run tools/qemu-run with stdin /dev/null.
# Writes the console to $work/NAME.out and "ELAPSED_MS<TAB>line" (time since
# qemu-run was started, host clock) to $work/NAME.times.
# Sets BOOT_STATUS (qemu-run's exit status) and BOOT_OUT (the .out file).
boot() {
	local name=$1 line t0 rc=0
	shift
	BOOT_OUT=$work/$name.out
	: >"$BOOT_OUT"
	: >"$work/$name.times"
	echo "  | ---- tools/qemu-run $* ----" >&2
	now_us
	t0=$NOW
	while IFS= read -r line || [[ -n $line ]]; do
		now_us
		printf '%s\n' "$line" >>"$BOOT_OUT"
		printf '%d\t%s\n' $(((NOW - t0) / 1000)) "$line" >>"$work/$name.times"
		printf '  | %s\n' "$line" >&2
	done < <(tools/qemu-run "$@" </dev/null)
	wait $! || rc=$?
	BOOT_STATUS=$rc
	echo "  | ---- qemu-run exit status $rc ----" >&2
}

# has NAME REGEX: true if a console line of boot NAME matches (grep -E).
has() { grep -Eq -- "$2" "$work/$1.out"; }

# ms_until NAME REGEX: host milliseconds from start to the first matching
# line (empty if none).
ms_until() {
	local ms line
	while IFS=$'\t' read -r ms line; do
		if [[ $line =~ $2 ]]; then
			printf '%s' "$ms"
			return 0
		fi
	done <"$work/$1.times"
	return 1
}

# check_status CHECKNAME EXPECTED: the last boot's qemu-run status must be EXPECTED.
check_status() {
	if [[ $BOOT_STATUS -eq $2 ]]; then
		pass "$1"
	else
		fail "$1" "tools/qemu-run exited $(describe_status "$BOOT_STATUS"), expected $(describe_status "$2")"
	fi
}

finish() {
	[[ $failures -eq 0 ]]
	exit $?
}
