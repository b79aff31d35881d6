/*
 * exec_target: the program the execve test runs.  Not a test by itself.
 *
 * It checks what a freshly exec'd program must find, and reports through its
 * exit status, one bit per fact (0 = all good; see exec_target.h):
 *
 *   bit 0  argv is exactly what the caller passed
 *   bit 1  so is the environment
 *   bit 2  it is still the same process: same pid, same parent
 *   bit 3  a signal the caller ignored (SIGUSR1) is still ignored
 *   bit 4  a signal the caller handled (SIGUSR2) is back to SIG_DFL: the
 *          handler's code is gone with the old program
 *   bit 5  the signal mask is kept (SIGHUP still blocked)
 *   bit 6  a pending alarm survives exec
 *
 * Each wrong fact is also explained on an INFO line.  With "many" as its
 * first argument it only checks a long argument list and a huge variable
 * (bits 0 and 1).
 */
#include "check.h"
#include "exec_target.h"

static int check_argv(int argc, char **argv)
{
	static const char *const want[] = {EXEC_TARGET_ARGS};
	const int nwant = sizeof(want) / sizeof(want[0]);

	if (argc != 3 + nwant || argv[argc] != NULL) {
		info("argc is %d, expected %d", argc, 3 + nwant);
		return 1;
	}
	for (int i = 0; i < nwant; i++) {
		if (strcmp(argv[3 + i], want[i]) != 0) {
			info("argv[%d] is \"%s\", expected \"%s\"", 3 + i, argv[3 + i], want[i]);
			return 1;
		}
	}
	return 0;
}

static int check_envp(char **envp)
{
	static const char *const want[] = {EXEC_TARGET_ENV};
	const int nwant = sizeof(want) / sizeof(want[0]);
	extern char **environ;
	int i;

	for (i = 0; envp[i] != NULL && i < nwant; i++) {
		if (strcmp(envp[i], want[i]) != 0) {
			info("envp[%d] is \"%s\", expected \"%s\"", i, envp[i], want[i]);
			return 1;
		}
	}
	if (i != nwant || envp[i] != NULL) {
		info("the environment does not have exactly %d entries", nwant);
		return 1;
	}
	if (environ != envp) {
		info("environ is not main's envp");
		return 1;
	}
	return 0;
}

static int handler_is(int sig, void (*want)(int))
{
	struct sigaction sa;
	return sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == want;
}

static int many(int argc, char **argv, char **envp)
{
	int bits = 0;
	int n = argc > 2 ? atoi(argv[2]) : -1;
	char want[32];

	if (n != EXEC_TARGET_MANY || argc != n + 3) {
		info("argc is %d, expected %d", argc, EXEC_TARGET_MANY + 3);
		bits |= 1;
	}
	for (int i = 0; !bits && i < n; i++) {
		snprintf(want, sizeof(want), "a%d", i);
		if (strcmp(argv[3 + i], want) != 0) {
			info("argv[%d] is \"%s\", expected \"%s\"", 3 + i, argv[3 + i], want);
			bits |= 1;
		}
	}
	/* One variable: BIG=xxx...x, EXEC_TARGET_BIG bytes in all. */
	size_t len = envp[0] ? strlen(envp[0]) : 0;
	if (envp[0] == NULL || envp[1] != NULL || len != EXEC_TARGET_BIG ||
	    strncmp(envp[0], "BIG=", 4) != 0 || strspn(envp[0] + 4, "x") != len - 4) {
		info("the huge variable did not arrive intact (length %zu)", len);
		bits |= 2;
	}
	return bits;
}

int main(int argc, char **argv, char **envp)
{
	int bits = 0;
	sigset_t mask;

	/* First of all, before anything else touches it: the inherited alarm. */
	unsigned left = alarm(0);
	check_prog = "exec_target"; /* for info(); no check_init: it would reset what we check */

	if (argc > 1 && strcmp(argv[1], "many") == 0)
		return many(argc, argv, envp);

	if (check_argv(argc, argv))
		bits |= 1 << 0;
	if (check_envp(envp))
		bits |= 1 << 1;
	if (argc < 3 || getpid() != atoi(argv[1]) || getppid() != atoi(argv[2])) {
		info("pid %d ppid %d, the caller said %s %s", getpid(), getppid(),
		     argc > 1 ? argv[1] : "?", argc > 2 ? argv[2] : "?");
		bits |= 1 << 2;
	}
	if (!handler_is(SIGUSR1, SIG_IGN)) {
		info("SIGUSR1 is no longer ignored");
		bits |= 1 << 3;
	}
	if (!handler_is(SIGUSR2, SIG_DFL)) {
		info("SIGUSR2 still has a handler (from the old program!)");
		bits |= 1 << 4;
	}
	if (sigprocmask(SIG_BLOCK, NULL, &mask) != 0 || !sigismember(&mask, SIGHUP)) {
		info("SIGHUP is no longer blocked");
		bits |= 1 << 5;
	}
	if (left < EXEC_TARGET_ALARM - 10 || left > EXEC_TARGET_ALARM) {
		info("%u seconds were left on the alarm, expected about %d", left,
		     EXEC_TARGET_ALARM);
		bits |= 1 << 6;
	}
	return bits;
}
