/*
 * jobctl: stopping and continuing processes, the kernel's half of job control.
 *
 *   - SIGSTOP and SIGTSTP (default action) stop a child; wait4(WUNTRACED)
 *     reports WIFSTOPPED with the signal, once.
 *   - SIGCONT continues it; wait4(WCONTINUED) reports WIFCONTINUED.
 *   - A stopped child still dies of SIGKILL.
 *   - The parent gets SIGCHLD with CLD_STOPPED / CLD_CONTINUED, unless its
 *     SIGCHLD action has SA_NOCLDSTOP.
 *   - SIGTSTP with a handler runs the handler instead of stopping.
 *   - SIGSTOP cannot be caught, blocked or ignored.
 */
#include "check.h"

/* A child that spins until killed, so that it is running when stopped. */
static pid_t spinner(void)
{
	pid_t pid = check_fork();
	if (pid == 0) {
		for (;;)
			sched_yield();
	}
	return pid;
}

static int wait_options(pid_t pid, int options, int *status)
{
	pid_t r;
	do
		r = waitpid(pid, status, options);
	while (r == -1 && errno == EINTR);
	return r == pid ? 0 : -1;
}

static void stop_and_continue(int stopsig, const char *prefix)
{
	char name[64];
	pid_t pid = spinner();
	int status = 0;
	kill(pid, stopsig);
	snprintf(name, sizeof(name), "%s_stopped", prefix);
	check(wait_options(pid, WUNTRACED, &status) == 0 && WIFSTOPPED(status) &&
	          WSTOPSIG(status) == stopsig,
	      name, "wait4(WUNTRACED): %s", describe_status(status));

	/* Reported once: a second WNOHANG|WUNTRACED finds nothing new. */
	snprintf(name, sizeof(name), "%s_reported_once", prefix);
	check(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0, name,
	      "a second wait4 reported the stop again");

	kill(pid, SIGCONT);
	snprintf(name, sizeof(name), "%s_continued", prefix);
	check(wait_options(pid, WCONTINUED, &status) == 0 && WIFCONTINUED(status), name,
	      "wait4(WCONTINUED): %s", describe_status(status));

	kill(pid, SIGTERM);
	snprintf(name, sizeof(name), "%s_then_terminated", prefix);
	check(wait_child(pid, &status) == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	      name, "%s", describe_status(status));
}

static void stopped_child_dies_of_sigkill(void)
{
	pid_t pid = spinner();
	int status = 0;
	kill(pid, SIGSTOP);
	wait_options(pid, WUNTRACED, &status);
	kill(pid, SIGKILL);
	check(wait_child(pid, &status) == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "sigkill_kills_stopped_child", "%s", describe_status(status));
}

static volatile sig_atomic_t chld_code;

static void on_sigchld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	if (!chld_code)
		chld_code = si->si_code;
}

static void sigchld_codes(int flags, const char *name, int want_code)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigchld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART | flags;
	sigaction(SIGCHLD, &sa, NULL);
	pid_t pid = spinner();
	int status;
	chld_code = 0;
	kill(pid, SIGSTOP);
	wait_options(pid, WUNTRACED, &status);
	int got = poll_flag(&chld_code, 300);
	if (want_code)
		check(got == want_code, name, "SIGCHLD si_code %d, expected %d", got, want_code);
	else
		check(got == 0, name, "SIGCHLD arrived (si_code %d) despite SA_NOCLDSTOP", got);
	kill(pid, SIGKILL);
	wait_child(pid, &status);
	signal(SIGCHLD, SIG_DFL);
}

static volatile sig_atomic_t tstp_seen;

static void on_tstp(int sig)
{
	(void)sig;
	tstp_seen = 1;
}

/* In a child: with a handler, SIGTSTP runs it and the child goes on to exit 0. */
static void tstp_with_handler(void)
{
	signal(SIGTSTP, on_tstp);
	kill(getpid(), SIGTSTP);
	_exit(poll_flag(&tstp_seen, 1000) ? 0 : 10);
}

static void sigstop_cannot_be_caught(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	check_errno("sigstop_not_ignorable", sigaction(SIGSTOP, &sa, NULL), EINVAL,
	            "sigaction(SIGSTOP, SIG_IGN)");
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &old);
	check(!sigismember(&old, SIGSTOP), "sigstop_not_blockable", "SIGSTOP is in the mask");
}

int main(void)
{
	check_init("jobctl");
	stop_and_continue(SIGSTOP, "sigstop");
	stop_and_continue(SIGTSTP, "sigtstp");
	stopped_child_dies_of_sigkill();
	sigchld_codes(0, "sigchld_cld_stopped", CLD_STOPPED);
	sigchld_codes(SA_NOCLDSTOP, "sa_nocldstop", 0);
	run_child("sigtstp_handler_runs", tstp_with_handler);
	sigstop_cannot_be_caught();
	return summary();
}
