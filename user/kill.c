/*
 * kill: send a signal to processes.
 *
 *   kill [-SIGNAL | -s SIGNAL] PID...     default SIGTERM
 *   kill -l [NUMBER]                      list the signals (or name one)
 *
 * SIGNAL is a name (TERM, SIGTERM, term) or a number (15).  A negative PID
 * is a process group: kill -TERM -- -42 signals every process of group 42.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	int number;
	const char *name;
} signals[] = {
    {SIGHUP, "HUP"},   {SIGINT, "INT"},       {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
    {SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"},     {SIGBUS, "BUS"},   {SIGFPE, "FPE"},
    {SIGKILL, "KILL"}, {SIGUSR1, "USR1"},     {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
    {SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"},     {SIGTERM, "TERM"}, {SIGSTKFLT, "STKFLT"},
    {SIGCHLD, "CHLD"}, {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},
    {SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},
    {SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"},
    {SIGIO, "IO"},     {SIGPWR, "PWR"},       {SIGSYS, "SYS"},
};

#define NSIGNALS (int)(sizeof(signals) / sizeof(signals[0]))

/* A signal's number from its name or number; -1 if there is no such signal. */
static int signal_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0')
		return n >= 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 0; i < NSIGNALS; i++)
		if (strcasecmp(s, signals[i].name) == 0)
			return signals[i].number;
	return -1;
}

/* kill -l: every signal, "15) SIGTERM", four to a line; kill -l N: N's name. */
static int list_signals(const char *which)
{
	if (which) {
		int n = atoi(which);
		if (n > 128)
			n -= 128; /* an exit status like 143 = 128 + SIGTERM */
		for (int i = 0; i < NSIGNALS; i++) {
			if (signals[i].number == n) {
				printf("%s\n", signals[i].name);
				return 0;
			}
		}
		fprintf(stderr, "kill: unknown signal: %s\n", which);
		return 1;
	}
	for (int i = 0; i < NSIGNALS; i++) {
		if (i % 4 == 3 || i == NSIGNALS - 1)
			printf("%2d) SIG%s\n", signals[i].number, signals[i].name);
		else
			printf("%2d) SIG%-8s ", signals[i].number, signals[i].name);
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] PID...\n       kill -l [NUMBER]\n");
	return 2;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1;

	if (i < argc && strcmp(argv[i], "-l") == 0)
		return list_signals(i + 1 < argc ? argv[i + 1] : NULL);
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 >= argc)
			return usage();
		sig = signal_number(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
		sig = signal_number(argv[i] + 1);
		i++;
	}
	if (sig < 0) {
		fprintf(stderr, "kill: unknown signal: %s\n", argv[i - 1]);
		return 1;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc)
		return usage();

	int status = 0;
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*argv[i] == '\0' || *end != '\0') {
			fprintf(stderr, "kill: not a process id: %s\n", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: (%ld) - %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
