/*
 * orphan: a process whose parent exits is re-parented.
 *
 * We (P) fork a child C, which forks a grandchild G and exits at once.  G is
 * now an orphan: the kernel gives it a new parent, init (pid 1) on shmos.  On
 * Linux it may instead be a "subreaper" (a process that asked, with prctl,
 * to adopt orphans below it, as systemd does), so there we only require that
 * the parent changed.  The new parent must also reap G when G exits, or G
 * would stay a zombie forever.
 *
 * G is not our child, so it cannot report through its exit status; it
 * reports with a signal instead: SIGUSR1 = all good, SIGUSR2 = something
 * wrong (G prints an INFO line saying what).
 */
#include "check.h"

static volatile sig_atomic_t report;   /* the signal G sent us */
static volatile sig_atomic_t reporter; /* G's pid, from siginfo */

static void on_report(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	reporter = si->si_pid;
	report = sig;
}

/* G: wait (bounded) until our parent C has died, then check who adopted us. */
static void grandchild(pid_t top, pid_t old_parent)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	while (getppid() == old_parent && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();

	pid_t now = getppid();
	int ok = now != old_parent && now > 0 && (!is_shmos() || now == 1);
	if (!ok)
		info("grandchild: parent was %d, is now %d (on shmos it must be 1)", old_parent,
		     now);
	else if (now != 1)
		info("grandchild: adopted by subreaper %d, not init", now);
	kill(top, ok ? SIGUSR1 : SIGUSR2);
	_exit(0);
}

int main(void)
{
	struct sigaction sa;
	int status;

	check_init("orphan");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_report;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	pid_t top = getpid();
	check_current = "orphan_child_exits";
	pid_t c = check_fork();
	if (c < 0)
		return summary();
	if (c == 0) {
		pid_t me = getpid();
		pid_t g = fork();
		if (g == 0)
			grandchild(top, me);
		_exit(g < 0 ? 1 : 0); /* leave G behind */
	}

	/* C itself is our child as usual. */
	wait_child(c, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "orphan_child_exits",
	      "child %s (1: its fork failed)", describe_status(status));

	/* G is not: it was never ours, and it is not handed to its grandparent. */
	check_errno("orphan_not_adopted_by_grandparent", wait4(-1, &status, WNOHANG, NULL), ECHILD,
	            "wait4(-1, WNOHANG) after reaping the child");

	/* G's report. */
	poll_flag(&report, 10000);
	check(report == SIGUSR1, "orphan_reparented", "%s",
	      report == SIGUSR2 ? "the grandchild's parent did not change as expected (see INFO)"
	                        : "no report from the grandchild within 10 s");

	/*
	 * G exits right after reporting; its new parent must reap it.  While G is
	 * a zombie kill(G, 0) still finds it; once reaped, ESRCH.
	 */
	if (report) {
		long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
		int r;
		while ((r = kill(reporter, 0)) == 0 && now_ns(CLOCK_MONOTONIC) < deadline)
			sched_yield();
		if (r == -1 && errno == ESRCH)
			pass("orphan_reaped");
		else if (is_shmos())
			fail("orphan_reaped", "the orphan %d still exists 5 s after exiting",
			     (int)reporter);
		else
			skip("orphan_reaped",
			     "this host's init or subreaper did not reap orphan %d", (int)reporter);
	} else {
		fail("orphan_reaped", "no report from the grandchild, so no pid to look for");
	}
	return summary();
}
