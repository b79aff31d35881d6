#!/usr/bin/env bash
#
# tests/boot/pvh.sh: boot the kernel the fast way (QEMU -kernel, PVH entry)
# with no program, so it runs its self-tests, and check the boot contract:
# banner, memory summary, boot time, the self-tests' own PASS lines, the
# @@MEM and @@EXIT tags, and qemu-run's exit status.
# Needs build/kernel.elf and build/initrd.cpio (make).

# shellcheck source=tests/boot/lib.sh
source "$(dirname "$0")/lib.sh"

boot pvh --timeout 30 --cmdline selftest

check_status pvh-exit-status 0

has pvh '^shmos .*booted via PVH'
check pvh-banner $? "no line matching '^shmos .*booted via PVH'"

# e.g. "mem: 510 MiB usable, 510 MiB free (130596 of 130622 frames), ..."
has pvh '^mem: .*[0-9]+ MiB.*[0-9]+ MiB free'
check pvh-memory-summary $? "no 'mem: <total> MiB ..., <free> MiB free' line"

# e.g. "boot: kernel entry to banner 3.506 ms (guest TSC)"
boot_line=$(grep -E -m1 '^boot: ' "$BOOT_OUT")
if [[ $boot_line =~ entry\ to\ banner\ ([0-9]+(\.[0-9]+)?)\ ms ]]; then
	pass pvh-boot-time
	guest_ms=${BASH_REMATCH[1]}
else
	fail pvh-boot-time "no 'boot: kernel entry to banner <N> ms' line"
	guest_ms="?"
fi
host_ms=$(ms_until pvh '^shmos .*booted via') || host_ms="?"
info "pvh boot time: kernel entry to banner ${guest_ms} ms (guest TSC); qemu-run start to banner ${host_ms} ms (host clock)"

# The kernel's own self-test verdicts count as this test's results: pass
# them through.  Any kernel FAIL line fails the test.
kernel_pass=$(grep -c '^PASS ' "$BOOT_OUT")
kernel_fail=$(grep -c '^FAIL ' "$BOOT_OUT")
grep -E '^(PASS|FAIL|SKIP) ' "$BOOT_OUT"
failures=$((failures + kernel_fail))
if ((kernel_pass == 0)); then
	fail pvh-selftests-ran "the kernel printed no PASS line (did the self-tests run?)"
fi

has pvh '^@@MEM free_frames=[0-9]+ heap_used=[0-9]+$'
check pvh-mem-tag $? "no '@@MEM free_frames=N heap_used=M' line"

has pvh '^@@EXIT 0$'
check pvh-exit-tag $? "no '@@EXIT 0' line"

finish
