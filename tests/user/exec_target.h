/*
 * exec_target.h: what the execve test passes to exec_target, and the facts
 * exec_target reports back as bits of its exit status (bit set = wrong).
 *
 *   exec_target PID PPID "two words" "" last      with EXEC_TARGET_ENV
 *   exec_target many N a0 a1 ... a(N-1)            with one huge variable
 */
#ifndef SHMOS_TESTS_USER_EXEC_TARGET_H
#define SHMOS_TESTS_USER_EXEC_TARGET_H

/* The fixed arguments after argv[0], PID and PPID, and the environment. */
#define EXEC_TARGET_ARGS "two words", "", "last"
#define EXEC_TARGET_ENV  "ALPHA=1", "BETA=two words", "EMPTY="

/* The caller sets alarm(EXEC_TARGET_ALARM) just before execve. */
#define EXEC_TARGET_ALARM 50

/* "many" mode: N arguments and one variable of EXEC_TARGET_BIG bytes. */
#define EXEC_TARGET_MANY 1000
#define EXEC_TARGET_BIG  40000

/* The facts, in bit order. */
#define EXEC_TARGET_FACTS                                                                          \
	"exec_argv", "exec_envp", "exec_same_pid", "exec_keeps_ignored_signal",                    \
	    "exec_resets_handled_signal", "exec_keeps_signal_mask", "exec_keeps_alarm"
#define EXEC_TARGET_NFACTS 7

#endif
