/*
 * pgrp: process groups and sessions.
 *
 * Every process is in a process group (named by the pid of its leader), and
 * every group is in a session (named by the pid of the session leader).  A
 * shell puts each pipeline in its own group so that it can signal the whole
 * job at once: kill(-pgrp, sig).  The rules:
 *
 *   setpgid(pid, pgid)  moves ourselves or one of our children (not yet
 *                       exec'd) into a group of OUR session; pgid 0 means
 *                       "a new group named after pid"
 *   setsid()            starts a new session and group; a group leader may
 *                       not (EPERM), or its group would span two sessions
 *   fork                the child inherits both
 */
#include "check.h"

/* A child that waits, without using the CPU, until it is killed. */
static pid_t spawn_sleeper(void)
{
	pid_t pid = check_fork();
	if (pid == 0)
		for (;;)
			pause();
	return pid;
}

static void reap(pid_t pid)
{
	int status;
	kill(pid, SIGKILL);
	wait_child(pid, &status);
}

static void queries(void)
{
	pid_t pg = getpgrp();
	check(pg > 0 && getpgid(0) == pg && getpgid(getpid()) == pg, "getpgrp_getpgid_agree",
	      "getpgrp %d, getpgid(0) %d, getpgid(getpid()) %d", pg, getpgid(0), getpgid(getpid()));
	/*
	 * On shmos every session has a leader we can see (init's, at least).
	 * On Linux a session led from outside our PID namespace has id 0 here,
	 * as in a container: CI runs the host half of the tests in one.
	 */
	pid_t sid = getsid(0);
	check((is_shmos() ? sid > 0 : sid >= 0) && getsid(getpid()) == sid, "getsid",
	      "getsid(0) %d, getsid(pid) %d", sid, getsid(getpid()));
}

static pid_t parent_pgrp, parent_sid;

static void child_inherits(void)
{
	if (getpgrp() != parent_pgrp || getsid(0) != parent_sid)
		child_fail("child has group %d session %d, parent %d %d", getpgrp(), getsid(0),
		           parent_pgrp, parent_sid);
}

static void new_group_self(void)
{
	if (setpgid(0, 0) != 0)
		child_fail("setpgid(0, 0) failed: %s", errname(errno));
	if (getpgrp() != getpid() || getpgid(0) != getpid())
		child_fail("after setpgid(0, 0) getpgrp %d, getpid %d", getpgrp(), getpid());
	if (getsid(0) != parent_sid)
		child_fail("setpgid changed the session to %d", getsid(0));
}

static void group_of_child(void)
{
	pid_t c = spawn_sleeper();
	if (c < 0)
		return;
	int r = setpgid(c, c);
	check(r == 0 && getpgid(c) == c && getpgrp() == parent_pgrp, "setpgid_child",
	      "setpgid(child, child) = %d (%s), getpgid(child) = %d", r, errname(errno),
	      getpgid(c));
	reap(c);
}

static void kill_group(void)
{
	int sa = 0, sb = 0;
	pid_t a = spawn_sleeper();
	pid_t b = spawn_sleeper();
	if (a < 0 || b < 0)
		return;
	int r1 = setpgid(a, a), r2 = setpgid(b, a);
	/* We are not in that group: kill(-a) must spare us. */
	int r3 = kill(-a, SIGTERM);
	wait_child(a, &sa);
	wait_child(b, &sb);
	check(r1 == 0 && r2 == 0 && r3 == 0 && WIFSIGNALED(sa) && WTERMSIG(sa) == SIGTERM &&
	          WIFSIGNALED(sb) && WTERMSIG(sb) == SIGTERM,
	      "kill_group", "setpgid %d %d, kill(-pgrp) %d; a %s, b %s", r1, r2, r3,
	      describe_status(sa), describe_status(sb));
	check_errno("kill_group_gone", kill(-a, SIGTERM), ESRCH, "kill(-pgrp) of an empty group");
}

/* kill(0, sig) signals our whole group, ourselves included. */
static volatile sig_atomic_t got;
static void on_usr1(int sig)
{
	(void)sig;
	got = 1;
}
static void kill_own_group(void)
{
	int status;
	setpgid(0, 0);
	pid_t d = fork(); /* forked before we install the handler: default action, dies */
	if (d < 0)
		child_fail("fork failed");
	if (d == 0)
		for (;;)
			pause();
	signal(SIGUSR1, on_usr1);
	kill(0, SIGUSR1);
	wait_child(d, &status);
	if (!got || !WIFSIGNALED(status) || WTERMSIG(status) != SIGUSR1)
		child_fail("kill(0, SIGUSR1): our handler ran: %d; group member %s", (int)got,
		           describe_status(status));
}

static void new_session(void)
{
	pid_t s = setsid();
	if (s != getpid())
		child_fail("setsid() = %d (%s), pid %d", s, errname(errno), getpid());
	if (getsid(0) != getpid() || getpgrp() != getpid())
		child_fail("after setsid: session %d group %d, pid %d", getsid(0), getpgrp(),
		           getpid());
}

static void leader_setsid(void)
{
	setpgid(0, 0);
	errno = 0;
	pid_t s = setsid();
	if (s != -1 || errno != EPERM)
		child_fail("setsid() by a group leader = %d/%s, expected -1/EPERM", s,
		           errname(errno));
}

/* A child in another session S, and a second child that tries to join S's group. */
static void other_session(void)
{
	int status;
	check_current = "setpgid_other_session_eperm";
	pid_t s = check_fork();
	if (s < 0)
		return;
	if (s == 0) {
		setsid();
		for (;;)
			pause();
	}
	long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	while (getsid(s) != s && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();

	pid_t y = check_fork();
	if (y == 0)
		_exit(setpgid(0, s) == -1 && errno == EPERM ? 0 : 1);
	wait_child(y, &status);
	check(getsid(s) == s && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "setpgid_other_session_eperm",
	      "session of the first child %d (pid %d); second child %s (1: setpgid(0, group in "
	      "another session) did not fail with EPERM)",
	      getsid(s), s, describe_status(status));

	/* A session leader cannot be moved at all. */
	check_errno("setpgid_session_leader_eperm", setpgid(s, getpgrp()), EPERM,
	            "setpgid(session leader child, our group)");
	reap(s);
}

static void no_such_group(void)
{
	/* There is no group 99999 in our session (nor anywhere, we hope). */
	if (setpgid(0, 99999) != -1 || errno != EPERM)
		child_fail("setpgid(0, 99999) = -1/%s, expected EPERM", errname(errno));
}

static void errors(void)
{
	int status;
	check_errno("setpgid_non_child_esrch", setpgid(getppid(), getppid()), ESRCH,
	            "setpgid(our parent)");
	check_errno("setpgid_negative_einval", setpgid(0, -1), EINVAL, "setpgid(0, -1)");

	check_current = "getpgid_esrch";
	pid_t pid = check_fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		wait_child(pid, &status);
		check_errno("getpgid_esrch", getpgid(pid), ESRCH, "getpgid(reaped child)");
		check_errno("getsid_esrch", getsid(pid), ESRCH, "getsid(reaped child)");
	}
	run_child("setpgid_no_such_group_eperm", no_such_group);
}

/* wait4(0) waits only for children in our group; wait4(-pgrp) for that group. */
static void wait_by_group(void)
{
	int status;
	check_current = "wait4_by_group";
	pid_t a = check_fork();
	if (a == 0)
		_exit(1);
	pid_t b = check_fork();
	if (b == 0) {
		setpgid(0, 0);
		_exit(2);
	}
	if (a < 0 || b < 0)
		return;
	setpgid(b, b); /* also from this side: whichever runs first, b is in its own group */
	pid_t r1 = wait4(0, &status, 0, NULL);
	int s1 = status;
	pid_t r2 = wait4(-b, &status, 0, NULL);
	check(r1 == a && WEXITSTATUS(s1) == 1 && r2 == b && WEXITSTATUS(status) == 2,
	      "wait4_by_group", "wait4(0) = %d (a = %d), wait4(-b) = %d (b = %d)", r1, a, r2, b);
}

int main(void)
{
	check_init("pgrp");
	parent_pgrp = getpgrp();
	parent_sid = getsid(0);

	queries();
	run_child("fork_inherits_group_session", child_inherits);
	run_child("setpgid_self_new_group", new_group_self);
	group_of_child();
	kill_group();
	run_child("kill_0_own_group", kill_own_group);
	run_child("setsid_new_session", new_session);
	run_child("setsid_group_leader_eperm", leader_setsid);
	other_session();
	errors();
	wait_by_group();
	return summary();
}
