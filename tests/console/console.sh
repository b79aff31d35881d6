#!/usr/bin/env bash
#
# tests/console/console.sh: the console as a real terminal, typed at through
# QEMU's serial port.
#
# tools/qemu-run hands its stdin to the guest's COM1 and prints the
# console.  Here its stdin is a FIFO we write to and its output a FIFO we
# read, so each step can wait for what the guest prints ("READY step"
# from tests/console/ttytest.c, or the shell's "$ " prompt) before typing,
# and then look at what the screen showed: the terminal's echo is on it.
#
# Sessions:
#   ttytest          the line discipline and job control (ttytest.c holds
#                    its own checks; we relay its PASS/FAIL lines and check
#                    the echo)
#   shell            a plain boot, where init starts the shell in a session
#                    of its own (SKIP if no prompt shows within 10 s)
#
# Protocol: PASS/FAIL/SKIP lines (tests/README.md); exit status 1 if any
# check failed.  Each session's whole screen goes to the log after "  | ".

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2

failed=0
pass() { printf 'PASS console/%s\n' "$1"; }
fail() {
	printf 'FAIL console/%s: %s\n' "$1" "$2"
	failed=1
}
skip() { printf 'SKIP console/%s: %s\n' "$1" "$2"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/console-test.XXXXXX") || exit 2
guest_pid=""
guest_group=0
stop_guest() {
	if [[ -n $guest_pid ]] && kill -0 "$guest_pid" 2>/dev/null; then
		if ((guest_group)); then
			kill -TERM -- "-$guest_pid" 2>/dev/null # make, timeout and QEMU
		fi
		kill -TERM "$guest_pid" 2>/dev/null # qemu-run stops QEMU on TERM
		wait "$guest_pid" 2>/dev/null
	fi
	guest_pid=""
}
trap 'stop_guest; rm -rf -- "$tmp"' EXIT

# ------------------------------------------------------------- the guest

screen=""  # everything the guest printed so far (CRs and escapes already gone)
mark=0     # expect() searches the screen from here
eof=0      # the guest's output ended
status=""  # qemu-run's exit status, once it ended

# boot ARGS...: start tools/qemu-run ARGS with our FIFOs as its stdin and stdout.
# boot --make-qemu: start `make qemu` instead (OVMF and the UEFI loader, what
# users type), its carriage returns removed byte by byte so prompts show at once.
boot() {
	rm -f "$tmp/in" "$tmp/out"
	mkfifo "$tmp/in" "$tmp/out"
	if [[ ${1:-} == --make-qemu ]]; then
		# A process group of its own, so stop_guest can end make and QEMU together.
		setsid bash -c 'timeout 120 make -s qemu 2>&1 | stdbuf -o0 tr -d "\r"' \
			<"$tmp/in" >"$tmp/out" &
		guest_group=1
	else
		guest_group=0
		tools/qemu-run --timeout 90 "$@" <"$tmp/in" >"$tmp/out" 2>&1 &
	fi
	guest_pid=$!
	exec {to_guest}<>"$tmp/in" # read-write: opening never blocks
	exec {from_guest}<"$tmp/out"
	screen="" mark=0 eof=0 status=""
}

# Take in what the guest printed within 0.3 s.  qemu-run prints a partial
# line (a prompt) after 0.2 s of quiet; read -t keeps the partial input.
pump() {
	((eof)) && return 1
	local chunk="" rc=0
	IFS= read -r -t 0.3 -u "$from_guest" chunk || rc=$?
	if ((rc == 0)); then
		screen+=$chunk$'\n'
	else
		screen+=$chunk
		((rc > 128)) || eof=1
	fi
	return 0
}

# expect TEXT [SECONDS]: wait until the screen shows TEXT after the mark;
# the mark then moves past it.  Returns 1 on timeout or end of output.
expect() {
	local text=$1 until=$((SECONDS + ${2:-20}))
	while :; do
		local rest=${screen:mark}
		if [[ $rest == *"$text"* ]]; then
			local before=${rest%%"$text"*}
			mark=$((mark + ${#before} + ${#text}))
			return 0
		fi
		((SECONDS < until)) || return 1
		pump || return 1
	done
}

# send TEXT: bytes into the serial port, as if typed.
send() { printf '%s' "$1" >&"$to_guest"; }

# step NAME TEXT: wait for ttytest's "READY NAME", then type TEXT.
step() {
	if ! expect "READY $1"$'\n'; then
		fail "ready-$1" "ttytest never said READY $1"
		return 1
	fi
	send "$2"
}

# saw NAME TEXT: the screen, since the last step, shows TEXT (the echo).
saw() {
	local from=$mark
	if expect "$2" 10; then
		pass "$1"
	else
		fail "$1" "the screen does not show $(printf '%q' "$2") after position $from"
	fi
}

# finish: wait for the guest to end (at most 15 s), log its screen, set status.
finish() {
	local until=$((SECONDS + 15))
	while ! ((eof)) && ((SECONDS < until)); do pump; done
	if ((eof)); then
		wait "$guest_pid"
		status=$?
		guest_pid=""
	else
		stop_guest
		status=timeout
	fi
	exec {to_guest}>&- {from_guest}<&-
	printf '%s\n' "$screen" | cat -v | sed 's/^/  | /'
}

# -------------------------------------------------------------- ttytest

bs=$'\b \b'

ttytest_session() {
	boot /bin/ttytest
	# The echo as it is typed, then ttytest's own line with what it read.
	step line 'hello world'$'\n' && saw echo $'hello world\necho: hello world\n'
	step erase $'abx\x7fc\n' && saw erase-echo "abx${bs}c"$'\n'
	step backspace $'abx\bc\n' && saw backspace-echo "abx${bs}c"$'\n'
	step kill $'junk\x15good\n' && saw kill-echo "junk${bs}${bs}${bs}${bs}good"$'\n'
	step werase $'one two\x17three\n' && saw werase-echo "one two${bs}${bs}${bs}three"
	step ctl $'a\x01\x7fb\n' && saw ctl-echo "a^A${bs}${bs}b"$'\n'
	step tab $'a\t\x7fc\n' && saw tab-echo $'a\t\b\b\b\b\b\b\bc\n'
	step lnext $'x\x16\x7fy\n' && saw lnext-echo $'x^\b^?y\n'
	step cr $'cr\r' && saw cr-echo $'cr\n'
	step eof $'\x04'
	step eofmid $'par\x04'
	step partial $'0123456789\n'
	# Typed while nobody reads: the terminal must keep it.
	step typeahead $'early\n'
	step poll 'abc'
	step poll2 $'\n'
	if step raw 'xyz'; then
		local from=$mark
		expect 'raw: done'
		local shown=${screen:from:mark-from}
		if [[ $shown == *[xyz]* ]]; then
			fail raw-no-echo "raw mode without ECHO echoed: $(printf '%q' "$shown")"
		else
			pass raw-no-echo
		fi
	fi
	step vmin 'ab' && sleep 0.5 && send 'c'
	step interbyte 'de'
	step rawctl $'\x03\r'
	# ttytest must be waiting in read when the signal key comes.
	step intr 'stale' && sleep 0.5 && send $'\x03' && saw intr-echo 'stale^C'
	step afterintr $'fresh\n'
	step quit '' && sleep 0.5 && send $'\x1c' && saw quit-echo $'^\\'
	step susp '' && sleep 0.5 && send $'\x1a' && saw susp-echo '^Z'
	finish
	# ttytest's own checks: relay its protocol lines (the screen went to the log indented).
	# A result may follow an echo that did not end its line ("parPASS ...").
	local line lines=0 re='(PASS|FAIL|SKIP) ttytest/.*$'
	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		printf '%s\n' "${BASH_REMATCH[0]}"
		lines=$((lines + 1))
		[[ ${BASH_REMATCH[1]} == FAIL ]] && failed=1
	done <<<"$screen"
	if [[ $status == 0 && $screen == *"ttytest summary: "*" 0 failed"* ]]; then
		pass ttytest-exit
	else
		fail ttytest-exit "qemu-run status $status after $lines checks (see the screen in the log)"
	fi
}

# --------------------------------------------------------------- shell

# shell_session NAME [QEMU-RUN ARGS...]: type at the shell's prompt.
shell_session() {
	local name=$1
	shift
	boot "$@"
	if ! expect '$ ' 10; then
		finish
		skip "$name" "no shell prompt within 10 s"
		return
	fi
	send $'echo hi | cat\n'
	if expect $'echo hi | cat\n' 10 && expect $'hi\n' 10; then
		pass "$name-pipeline"
	else
		fail "$name-pipeline" "typed 'echo hi | cat', no 'hi'"
	fi
	expect '$ ' 10
	# ^C at the prompt: the shell ignores it and drops the half-typed line.
	send 'junk'
	sleep 0.3
	send $'\x03'
	sleep 0.3
	send $'echo ok\n'
	if expect $'\nok\n' 10; then
		pass "$name-intr-at-prompt"
	else
		fail "$name-intr-at-prompt" "no 'ok' after ^C at the prompt"
	fi
	expect '$ ' 10
	# ^C in a foreground job: it dies, the shell lives on.
	local t0=$SECONDS
	send $'sleep 20\n'
	sleep 1
	send $'\x03'
	if expect '$ ' 10 && ((SECONDS - t0 < 10)); then
		pass "$name-intr-job"
	else
		fail "$name-intr-job" "^C did not end 'sleep 20'"
	fi
	# cat reads the terminal until ^D.
	send $'cat\n'
	sleep 0.5
	send $'meow\n\x04'
	if expect $'meow\nmeow\n' 10 && expect '$ ' 10; then
		pass "$name-cat-eof"
	else
		fail "$name-cat-eof" "cat did not copy a line and end at ^D"
	fi
	send $'exit\n'
	finish
}

# A user's session through `make qemu`: the issue's list of what must work.
make_qemu_session() {
	local name=make-qemu
	boot --make-qemu
	if ! expect '$ ' 60; then
		finish
		fail "$name-prompt" "make qemu showed no shell prompt within 60 s"
		return
	fi
	pass "$name-prompt"
	# each: what to type, then what the screen must show
	local -a typed=('ls -l /bin' 'echo hi | cat' 'ps' 'cat /proc/meminfo' '/bin/cow')
	local -a shown=('init' $'\nhi\n' 'PID' 'MemTotal:' 'cow summary:')
	local -a names=(ls-l pipeline ps meminfo test-program)
	for i in "${!typed[@]}"; do
		send "${typed[$i]}"$'\n'
		if expect "${shown[$i]}" 60 && expect '$ ' 60; then
			pass "$name-${names[$i]}"
		else
			fail "$name-${names[$i]}" "typed '${typed[$i]}', did not see '${shown[$i]}'"
		fi
	done
	local t0=$SECONDS
	send $'sleep 100\n'
	sleep 1
	send $'\x03'
	if expect '$ ' 20 && ((SECONDS - t0 < 20)); then
		pass "$name-ctrl-c-sleep"
	else
		fail "$name-ctrl-c-sleep" "^C did not end 'sleep 100'"
	fi
	send $'poweroff\n'
	if expect '@@EXIT 0' 30; then
		pass "$name-poweroff"
	else
		fail "$name-poweroff" "poweroff did not end the run with @@EXIT 0"
	fi
	finish
}

ttytest_session
shell_session shell
make_qemu_session
exit "$failed"
