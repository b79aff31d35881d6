#!/usr/bin/env bash
#
# tests/boot/gdb.sh: the debugging workflow of docs/gdb.md works end to end.
# Starts QEMU paused with a gdb stub (tools/qemu-run --gdb PORT, PVH), runs
# gdb in batch mode with tools/gdbinit, stops at a hardware breakpoint on
# kmain, shows a backtrace, continues, and checks that the boot finished.
# Needs build/kernel.elf and build/initrd.cpio (make), and gdb.

# shellcheck source=tests/boot/lib.sh
source "$(dirname "$0")/lib.sh"

if ! command -v gdb >/dev/null; then
	fail gdb-available "gdb is not installed (tools/check-deps)"
	finish
fi

# Is anything listening on TCP port $1?  (/proc/net/tcp{,6}: local address
# is hex "ADDR:PORT", state 0A is LISTEN.)
port_in_use() {
	local hex
	hex=$(printf ':%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }'
}

# A free port near the per-user one make uses (uid % 5000 + 25000), so two
# users or two runs on one host do not collide.
port=$(($(id -u) % 5000 + 25000 + 100 + RANDOM % 800))
for _ in $(seq 50); do
	port_in_use "$port" || break
	port=$((port + 1))
done

# QEMU in the background, its console in a file.
qemu_out=$work/qemu.out
tools/qemu-run --gdb "$port" --timeout 60 --cmdline selftest </dev/null >"$qemu_out" 2>&1 &
qemu_pid=$!
trap 'kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null; rm -rf -- "$work"' EXIT

# Wait (up to 15 s) for the stub to listen, so gdb does not race QEMU.
for _ in $(seq 150); do
	port_in_use "$port" && break
	kill -0 "$qemu_pid" 2>/dev/null || break
	sleep 0.1
done
if ! port_in_use "$port"; then
	fail gdb-stub-listening "QEMU's gdb stub never listened on port $port"
	sed 's/^/  | /' "$qemu_out" >&2
	finish
fi
pass gdb-stub-listening

gdb_out=$work/gdb.out
timeout 60 gdb -batch -nx -x tools/gdbinit \
	-ex "target remote localhost:$port" \
	-ex 'hbreak kmain' -ex continue -ex bt -ex continue \
	</dev/null >"$gdb_out" 2>&1
gdb_rc=$?
qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?

echo "  | ---- gdb (exit status $gdb_rc) ----" >&2
sed 's/^/  | /' "$gdb_out" >&2
echo "  | ---- QEMU console (tools/qemu-run exit status $qemu_rc) ----" >&2
sed 's/^/  | /' "$qemu_out" >&2

if ((gdb_rc == 124)); then
	fail gdb-finished "gdb did not finish within 60 s"
else
	pass gdb-finished
fi

# "Breakpoint 1, kmain (bi=0x...) at kernel/main.c:97"
grep -Eq '^Breakpoint 1, kmain \(.*\) at ([^ ]*/)?kernel/main\.c:[0-9]+' "$gdb_out"
check gdb-hbreak-kmain $? "gdb did not report 'Breakpoint 1, kmain (...) at kernel/main.c:N'"

# bt: "#0  kmain (bi=...) at kernel/main.c:97"
grep -Eq '^#0 +kmain \(' "$gdb_out"
check gdb-backtrace $? "no '#0  kmain (...)' frame in gdb's bt output"

grep -q '^@@EXIT 0$' "$qemu_out" && ((qemu_rc == 0))
check gdb-boot-finished $? "after 'continue' the boot did not finish with @@EXIT 0 (qemu-run status $(describe_status "$qemu_rc"))"

finish
