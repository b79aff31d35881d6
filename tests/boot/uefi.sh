#!/usr/bin/env bash
#
# tests/boot/uefi.sh: the real front door.  OVMF boots our gnu-efi loader
# (build/esp/EFI/BOOT/BOOTX64.EFI), which loads kernel.elf and initrd.cpio
# from the ESP.  Checks the kernel comes up ("booted via UEFI", memory
# summary, @@EXIT 0), then the loader's error path on two broken ESPs: it
# must say "loader: error: ..." and make QEMU exit instead of falling into
# the UEFI shell (which would wait for input until the timeout).
# Needs build/esp (make).  Each boot costs ~4 s of OVMF start-up under TCG.

# shellcheck source=tests/boot/lib.sh
source "$(dirname "$0")/lib.sh"

esp=build/esp
if [[ ! -f $esp/EFI/BOOT/BOOTX64.EFI ]]; then
	fail uefi-esp-built "$esp/EFI/BOOT/BOOTX64.EFI does not exist: build first (make)"
	finish
fi

boot uefi --uefi --timeout 90 --cmdline selftest
check_status uefi-exit-status 0

has uefi 'booted via UEFI'
check uefi-banner $? "no banner line matching 'booted via UEFI'"

has uefi '^mem: .*[0-9]+ MiB.*[0-9]+ MiB free'
check uefi-memory-summary $? "no 'mem: <total> MiB ..., <free> MiB free' line"

has uefi '^@@EXIT 0$'
check uefi-exit-tag $? "no '@@EXIT 0' line"

host_ms=$(ms_until uefi 'booted via UEFI') || host_ms="?"
info "uefi boot time: qemu-run start to banner ${host_ms} ms (host clock, includes OVMF)"

# loader_error_case NAME DESCRIPTION: boot the broken ESP in $work/NAME-esp.
loader_error_case() {
	local name=$1 what=$2
	boot "$name" --esp "$work/$name-esp" --timeout 30
	has "$name" 'loader: error:'
	check "uefi-$name-message" $? "$what: no 'loader: error:' line"
	# No @@EXIT, so 126 is expected; 124 means the loader did not end the run.
	case $BOOT_STATUS in
	124) fail "uefi-$name-exits" "$what: QEMU did not exit (timeout): the loader must power off on errors" ;;
	0) fail "uefi-$name-exits" "$what: the run reported success" ;;
	*)
		pass "uefi-$name-exits"
		info "uefi-$name: tools/qemu-run status $(describe_status "$BOOT_STATUS")"
		;;
	esac
}

# kernel.elf replaced by a text file.
cp -R "$esp" "$work/bad-kernel-esp"
echo "this is not an ELF file" >"$work/bad-kernel-esp/kernel.elf"
loader_error_case bad-kernel "kernel.elf is a text file"

# initrd.cpio missing.
cp -R "$esp" "$work/no-initrd-esp"
rm -f "$work/no-initrd-esp/initrd.cpio"
loader_error_case no-initrd "initrd.cpio is missing"

finish
