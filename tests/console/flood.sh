#!/usr/bin/env bash
# tests/console/flood.sh: no console byte is lost while the reader is slow.
#
# QEMU's UART stays full while whatever reads the console is behind; the
# kernel must wait for room (kernel/serial.c) rather than overwrite a byte
# still waiting.  Here the reader starts 3 s late, so the pipe fills and
# QEMU stalls: every one of the guest's lines must still arrive whole.
set -u
cd "$(dirname "$0")/../.."
N=3000
out=$(mktemp)
trap 'rm -f "$out"' EXIT
tools/qemu-run --timeout 150 /bin/flood "$N" 2>&1 | { sleep 3; cat; } >"$out"
whole=$(grep -cE '^flood [0-9]{6} abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRST$' "$out")
if [[ $whole -eq $N ]] && grep -q '^@@EXIT 0$' "$out"; then
	echo "PASS console_flood/every_line_whole"
	exit 0
fi
echo "FAIL console_flood/every_line_whole: $whole of $N lines arrived whole"
grep -E '^flood' "$out" | grep -vE '^flood [0-9]{6} abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRST$' | head -3
exit 1
