#!/usr/bin/env bash
#
# tests/boot/panic.sh: the kernel's exception and panic path.  Boots (PVH)
# with crash=KIND on the command line, which makes the kernel fault on
# purpose (kernel/crash.c), and checks what the reader of a crash needs:
# the trap line with the register dump, a symbolized backtrace, a PANIC:
# line, and qemu-run's status 125 (panic).
# Needs build/kernel.elf and build/initrd.cpio (make).

# shellcheck source=tests/boot/lib.sh
source "$(dirname "$0")/lib.sh"

# A symbolized frame line, e.g. "  #0 ffffffff8020188b kmain_on_stack+0x15b".
frame_re='^[[:space:]]*#[0-9]+ (0x)?[0-9a-f]+ [A-Za-z_.][A-Za-z0-9_.]*\+0x[0-9a-f]+'

# has_backtrace NAME: a line ending in "backtrace:" whose next line is a
# symbolized frame.
has_backtrace() {
	awk -v re="$frame_re" '
		after && $0 ~ re { found = 1; exit }
		{ after = ($0 ~ /backtrace:[[:space:]]*$/) }
		END { exit !found }' "$work/$1.out"
}

# crash_case KIND TRAP-REGEX TRAP-DESCRIPTION
crash_case() {
	local kind=$1 trap_re=$2 what=$3 name=panic-$1
	boot "$kind" --timeout 30 --cmdline "crash=$kind"
	check_status "$name-exit-status" 125

	has "$kind" "$trap_re"
	check "$name-trap" $? "no line matching '$trap_re' ($what)"

	has_backtrace "$kind"
	check "$name-backtrace" $? "no 'backtrace:' line followed by a symbolized frame ('#N <hex> <function>+0x<offset>')"

	has "$kind" '^PANIC:'
	check "$name-panic-line" $? "no line starting with 'PANIC:'"

	if has "$kind" '^@@EXIT '; then
		fail "$name-no-exit-tag" "an @@EXIT line was printed after a panic"
	else
		pass "$name-no-exit-tag"
	fi
}

crash_case ud2 'trap 6 \(invalid opcode\).*rip=[0-9a-fx]+' "the register dump of an invalid opcode"
crash_case pagefault 'trap 14( |$)' "the register dump of a page fault"
crash_case stack 'double fault' "a kernel stack overflow ends in a double fault"

finish
