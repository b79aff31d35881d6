/*
 * sem_wait: semop calls that sleep, and what wakes them.
 *
 *   - A negative op waits until the value is large enough, a zero op until
 *     the value is 0; semop, SETVAL and SETALL that change the values wake
 *     them; one change can wake a chain of sleepers.
 *   - The ops of a sleeper are still all or none: a sleeper waiting on two
 *     semaphores takes nothing from the first while the second is short.
 *   - Fair: among sleepers that can go, the one that came first goes first;
 *     a sleeper that cannot go (wants 2, there is 1) does not block one
 *     behind it that can (wants 1).
 *   - IPC_RMID wakes every sleeper with EIDRM.  A signal with a handler
 *     ends the sleep with EINTR, even with SA_RESTART; an ignored one does
 *     not.  A stop and continue ends it with EINTR too (signal(7)).
 *     semtimedop ends with EAGAIN after its timeout.
 *   - A sleeper killed by SIGKILL leaves no trace: GETNCNT is back to 0 and
 *     it never takes a value posted later.
 *
 * Every sleeper is a child; the parent knows it is asleep when GETNCNT (or
 * GETZCNT) counts it, polled against a deadline.
 */
#include "check.h"
#include "sem_common.h"

#define DEADLINE_MS 5000

/*
 * Start a child that sleeps in semop(id, ops, n) (semtimedop with timeout
 * if not NULL), and wait until semctl(id, num, cmd) counts `count` sleepers.
 * On failure: FAIL name, kill the child, return -1.
 */
static pid_t sleeper(const char *name, int id, const struct sembuf *ops, int n,
                     const struct timespec *timeout, int num, int cmd, int count)
{
	pid_t pid = start_semop(id, ops, n, timeout);
	if (pid < 0)
		return -1;
	int got = wait_count(id, num, cmd, count, DEADLINE_MS);
	if (got != count) {
		fail(name, "%s of semaphore %d is %d, expected %d: the child is not asleep",
		     cmd == GETNCNT ? "GETNCNT" : "GETZCNT", num, got, count);
		kill_child(pid);
		return -1;
	}
	return pid;
}

/* A child sleeping in semop(id, {num, op, 0}); it is number `count` on the semaphore. */
static pid_t sleeper1(const char *name, int id, int num, int op, int count)
{
	struct sembuf sb = {(unsigned short)num, (short)op, 0};
	return sleeper(name, id, &sb, 1, NULL, num, op ? GETNCNT : GETZCNT, count);
}

/* The sleeper's semop must end with want (0 or an errno). */
static void want_result(const char *name, pid_t pid, int want)
{
	int r = child_errno(pid);
	check(r == want, name, "the sleeper's semop ended with %s, expected %s", result_name(r),
	      result_name(want));
}

/* ------------------------------------------------------------ sleeping --- */

static void negative_waits(void)
{
	int id = new_set("negative_setup", 1, 0600);
	pid_t pid = sleeper1("negative_sleeps", id, 0, -1, 1);
	if (pid < 0)
		return;
	pass("negative_sleeps");
	want_zero("post_wakes", op1(id, 0, 1, 0), "semop(+1)");
	want_result("negative_done", pid, 0);
	want_val("negative_took_it", getval(id, 0), 0, "GETVAL after the sleeper went");
	want_val("ncnt_back_to_zero", semctl(id, 0, GETNCNT), 0, "GETNCNT afterwards");

	/* -3 sleeps through +1 and +1, and goes at the third. */
	pid = sleeper1("minus3_sleeps", id, 0, -3, 1);
	if (pid < 0)
		return;
	op1(id, 0, 1, 0);
	op1(id, 0, 1, 0);
	check(semctl(id, 0, GETNCNT) == 1 && getval(id, 0) == 2, "minus3_waits_for_3",
	      "after two +1: GETNCNT %d, value %d (expected 1 and 2)", semctl(id, 0, GETNCNT),
	      getval(id, 0));
	op1(id, 0, 1, 0);
	want_result("minus3_done", pid, 0);
	want_val("minus3_took_3", getval(id, 0), 0, "GETVAL afterwards");
}

static void zero_waits(void)
{
	int id = new_set("zero_setup", 1, 0600);
	setval(id, 0, 2);
	pid_t pid = sleeper1("zero_sleeps", id, 0, 0, 1);
	if (pid < 0)
		return;
	pass("zero_sleeps");
	op1(id, 0, -1, 0);
	want_val("zero_waits_at_1", semctl(id, 0, GETZCNT), 1, "GETZCNT at value 1");
	op1(id, 0, -1, 0);
	want_result("zero_done_at_0", pid, 0);
	want_val("zcnt_back_to_zero", semctl(id, 0, GETZCNT), 0, "GETZCNT afterwards");
}

/* ------------------------------------------------------- who is woken --- */

/* Wait until GETNCNT of semaphore 0 drops to n, then reap whichever child is done. */
static pid_t next_done(int id, int n)
{
	int status;
	if (wait_count(id, 0, GETNCNT, n, DEADLINE_MS) != n)
		return -1;
	pid_t pid;
	do
		pid = wait4(-1, &status, 0, NULL);
	while (pid == -1 && errno == EINTR);
	return pid;
}

/* done was reaped: whichever of *a, *b it is must not be killed later. */
static void forget(pid_t done, pid_t *a, pid_t *b)
{
	if (done > 0 && *a == done)
		*a = -1;
	if (done > 0 && *b == done)
		*b = -1;
}

static void fair_waking(void)
{
	int id = new_set("fair_setup", 1, 0600);
	/* A waits for 2, then B for 1: posting 1 wakes B, and A goes on sleeping. */
	pid_t a = sleeper1("fit_setup", id, 0, -2, 1);
	pid_t b = a < 0 ? -1 : sleeper1("fit_setup", id, 0, -1, 2);
	if (a < 0 || b < 0) {
		kill_child(a);
		return;
	}
	op1(id, 0, 1, 0);
	pid_t first = next_done(id, 1);
	check(first == b, "post_1_wakes_the_minus1", "the first to go was %s",
	      first == a  ? "the -2 sleeper"
	      : first < 0 ? "nobody"
	                  : "?");
	forget(first, &a, &b);
	op1(id, 0, 2, 0);
	pid_t second = first < 0 ? -1 : next_done(id, 0);
	check(second == a, "then_the_minus2", "after a +2 the -2 sleeper %s",
	      second == a ? "went" : "did not go");
	forget(second, &a, &b);
	kill_child(a);
	kill_child(b);

	/* Equal sleepers go in the order they came. */
	pid_t p[3];
	int n = 0;
	for (; n < 3; n++)
		if ((p[n] = sleeper1("fifo_setup", id, 0, -1, n + 1)) < 0)
			break;
	int in_order = n == 3;
	for (int i = 0; i < n; i++) {
		op1(id, 0, 1, 0);
		pid_t done = next_done(id, n - 1 - i);
		in_order &= done == p[i];
		for (int j = 0; j < n; j++)
			forget(done, &p[j], &p[j]);
	}
	check(in_order, "fifo_equal_sleepers", "three -1 sleepers were not woken in arrival order");
	for (int i = 0; i < n; i++)
		kill_child(p[i]);

	/* The first one goes first when it can: -2 then -1, post 2: the -2 takes both. */
	a = sleeper1("fifo_fit_setup", id, 0, -2, 1);
	b = a < 0 ? -1 : sleeper1("fifo_fit_setup", id, 0, -1, 2);
	if (a >= 0 && b >= 0) {
		op1(id, 0, 2, 0);
		first = next_done(id, 1);
		check(first == a, "first_served_when_it_fits", "post 2: %s went first",
		      first == b ? "the -1 sleeper" : "nobody");
		forget(first, &a, &b);
		op1(id, 0, 1, 0);
		forget(next_done(id, 0), &a, &b);
	}
	kill_child(a);
	kill_child(b);
}

static void many_sleepers(void)
{
	int id = new_set("many_setup", 1, 0600);
	pid_t p[10];
	int n = 0;
	for (; n < 10; n++)
		if ((p[n] = sleeper1("many_sleep", id, 0, -1, n + 1)) < 0)
			break;
	if (n < 10) {
		for (int i = 0; i < n; i++)
			kill_child(p[i]);
		return;
	}
	want_zero("post_10_at_once", op1(id, 0, 10, 0), "semop(+10) with 10 sleepers");
	int ok = 0;
	for (int i = 0; i < n; i++)
		ok += child_errno(p[i]) == 0;
	check(ok == 10, "ten_sleepers_woken", "%d of 10 sleepers went", ok);
	want_val("ten_took_all", getval(id, 0), 0, "GETVAL afterwards");
}

/* One post wakes a chain: the -2 sleeper goes, which lets the zero sleeper go. */
static void chain(void)
{
	int id = new_set("chain_setup", 1, 0600);
	setval(id, 0, 1);
	pid_t z = sleeper1("chain_setup", id, 0, 0, 1);
	pid_t m = z < 0 ? -1 : sleeper1("chain_setup", id, 0, -2, 1);
	if (z < 0 || m < 0) {
		kill_child(z);
		return;
	}
	op1(id, 0, 1, 0);
	want_result("chain_minus2_done", m, 0);
	want_result("chain_zero_done", z, 0);
}

/* A sleeper on two semaphores takes nothing until it can take everything. */
static void atomic_sleeper(void)
{
	int id = new_set("atomic_setup", 2, 0600);
	struct sembuf both[2] = {{0, -1, 0}, {1, -1, 0}};
	pid_t pid = sleeper("atomic_sleeps", id, both, 2, NULL, 0, GETNCNT, 1);
	if (pid < 0)
		return;
	/* Linux counts a sleeper on the semaphore its first blocking op names only. */
	check(semctl(id, 1, GETNCNT) == 0, "ncnt_counts_blocking_op_only",
	      "GETNCNT of semaphore 1 is %d, expected 0 (the sleeper blocks on semaphore 0)",
	      semctl(id, 1, GETNCNT));
	op1(id, 0, 1, 0);
	/* Now it blocks on semaphore 1, and takes nothing from semaphore 0. */
	int n1 = wait_count(id, 1, GETNCNT, 1, DEADLINE_MS);
	check(getval(id, 0) == 1 && n1 == 1, "atomic_sleeper_takes_nothing",
	      "after +1 on semaphore 0: its value %d (expected 1), GETNCNT of 1 is %d (1)",
	      getval(id, 0), n1);
	op1(id, 1, 1, 0);
	want_result("atomic_sleeper_done", pid, 0);
	check(getval(id, 0) == 0 && getval(id, 1) == 0, "atomic_sleeper_took_both",
	      "values %d %d afterwards", getval(id, 0), getval(id, 1));
}

/* GETZCNT too counts a sleeper on the semaphore it blocks on only. */
static void zcnt_blocking_op(void)
{
	int id = new_set("zcnt_setup", 2, 0600);
	struct sembuf ops[2] = {{0, 0, 0}, {1, -1, 0}}; /* zero on 0 goes; -1 on 1 blocks */
	pid_t pid = sleeper("zcnt_setup", id, ops, 2, NULL, 1, GETNCNT, 1);
	if (pid < 0)
		return;
	check(semctl(id, 0, GETZCNT) == 0, "zcnt_counts_blocking_op_only",
	      "GETZCNT of semaphore 0 is %d, expected 0 (the sleeper blocks on semaphore 1)",
	      semctl(id, 0, GETZCNT));
	op1(id, 1, 1, 0);
	want_result("zcnt_sleeper_done", pid, 0);
}

/* When a sleeper's ops are tried again and one would pass SEMVMX, it gets ERANGE. */
static void sleeper_erange(void)
{
	int id = new_set("erange_setup", 2, 0600);
	setval(id, 1, SEMVMX);
	struct sembuf ops[2] = {{0, -1, 0}, {1, 1, 0}};
	pid_t pid = sleeper("sleeper_erange", id, ops, 2, NULL, 0, GETNCNT, 1);
	if (pid < 0)
		return;
	op1(id, 0, 1, 0);
	want_result("sleeper_erange", pid, ERANGE);
	check(getval(id, 0) == 1 && getval(id, 1) == SEMVMX, "sleeper_erange_rolled_back",
	      "values %d %d (expected 1 32767)", getval(id, 0), getval(id, 1));
}

static void setval_setall_wake(void)
{
	int id = new_set("setval_setup", 2, 0600);
	pid_t pid = sleeper1("setval_wakes", id, 0, -1, 1);
	if (pid < 0)
		return;
	setval(id, 0, 1);
	want_result("setval_wakes", pid, 0);
	want_val("setval_woken_took_it", getval(id, 0), 0, "GETVAL afterwards");

	setval(id, 1, 1);
	struct sembuf ops[2] = {{0, -1, 0}, {1, 0, 0}};
	pid = sleeper("setall_wakes", id, ops, 2, NULL, 0, GETNCNT, 1);
	if (pid < 0)
		return;
	unsigned short vals[2] = {1, 0};
	semctl(id, 0, SETALL, vals);
	want_result("setall_wakes", pid, 0);
}

/* ------------------------------------------------------- ends of sleep --- */

static void removal(void)
{
	int id = new_set("eidrm_setup", 2, 0600);
	setval(id, 1, 1);
	struct timespec ten = {10, 0};
	struct sembuf timed = {0, -1, 0};
	pid_t n = sleeper1("eidrm_setup", id, 0, -1, 1);
	pid_t z = n < 0 ? -1 : sleeper1("eidrm_setup", id, 1, 0, 1);
	pid_t t = z < 0 ? -1 : sleeper("eidrm_setup", id, &timed, 1, &ten, 0, GETNCNT, 2);
	if (n < 0 || z < 0 || t < 0) {
		kill_child(n);
		kill_child(z);
		return;
	}
	long long t0 = now_ns(CLOCK_MONOTONIC);
	want_zero("rmid_with_sleepers", semctl(id, 0, IPC_RMID), "IPC_RMID");
	want_result("eidrm_negative_sleeper", n, EIDRM);
	want_result("eidrm_zero_sleeper", z, EIDRM);
	want_result("eidrm_timed_sleeper", t, EIDRM);
	long long ms = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	check(ms < 5000, "eidrm_at_once", "the sleepers took %lld ms to go", ms);
}

static void timed(void)
{
	int id = new_set("timed_setup", 1, 0600);
	struct timespec ten = {10, 0};
	struct sembuf take = {0, -1, 0};
	long long t0 = now_ns(CLOCK_MONOTONIC);
	pid_t pid = sleeper("timed_sleeps", id, &take, 1, &ten, 0, GETNCNT, 1);
	if (pid < 0)
		return;
	op1(id, 0, 1, 0);
	want_result("timed_woken_by_post", pid, 0);
	long long ms = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	check(ms < 5000, "timed_woken_early", "took %lld ms with a 10 s timeout", ms);

	/* A timeout while asleep: EAGAIN, and it is no longer counted. */
	struct timespec short_ts = {0, 300000000L};
	pid = sleeper("timed_out_sleeps", id, &take, 1, &short_ts, 0, GETNCNT, 1);
	if (pid < 0)
		return;
	want_result("timed_out_eagain", pid, EAGAIN);
	want_val("timed_out_ncnt_zero", semctl(id, 0, GETNCNT), 0, "GETNCNT after the timeout");
	op1(id, 0, 1, 0);
	want_val("timed_out_took_nothing", getval(id, 0), 1, "GETVAL after a later +1");
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A child that sleeps in semop(-1) on id, with SIGUSR1 handled (flags) or ignored. */
static int eintr_id;
static pid_t signal_sleeper(const char *name, int flags, int ignore, int timed)
{
	pid_t pid = check_fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = ignore ? SIG_IGN : on_usr1;
		sa.sa_flags = flags;
		sigaction(SIGUSR1, &sa, NULL);
		struct sembuf take = {0, -1, 0};
		struct timespec ten = {10, 0};
		long r = raw_semtimedop(eintr_id, &take, 1, timed ? &ten : NULL);
		/* semtimedop must leave the timespec alone after EINTR */
		if (timed && (ten.tv_sec != 10 || ten.tv_nsec != 0))
			_exit(100);
		_exit(r == 0 ? 0 : errno);
	}
	if (pid < 0 || wait_count(eintr_id, 0, GETNCNT, 1, DEADLINE_MS) != 1) {
		fail(name, "the child is not asleep in semop");
		kill_child(pid);
		return -1;
	}
	return pid;
}

static void signals(void)
{
	eintr_id = new_set("eintr_setup", 1, 0600);
	const struct {
		const char *name;
		int flags, timed;
	} cases[] = {
	    {"eintr_with_handler", 0, 0},
	    {"eintr_even_with_sa_restart", SA_RESTART, 0},
	    {"eintr_semtimedop", SA_RESTART, 1},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid_t pid = signal_sleeper(cases[i].name, cases[i].flags, 0, cases[i].timed);
		if (pid < 0)
			continue;
		kill(pid, SIGUSR1);
		want_result(cases[i].name, pid, EINTR);
	}
	want_val("eintr_ncnt_zero", semctl(eintr_id, 0, GETNCNT), 0, "GETNCNT after the EINTRs");
	op1(eintr_id, 0, 1, 0);
	want_val("eintr_took_nothing", getval(eintr_id, 0), 1, "GETVAL after a later +1");
	setval(eintr_id, 0, 0);

	/* An ignored signal does not end the sleep. */
	pid_t pid = signal_sleeper("ignored_signal_no_eintr", 0, 1, 0);
	if (pid >= 0) {
		kill(pid, SIGUSR1);
		op1(eintr_id, 0, 1, 0);
		want_result("ignored_signal_no_eintr", pid, 0);
	}

	/* Stopped and continued: EINTR on Linux (signal(7)), though no handler ran. */
	pid = signal_sleeper("stop_cont_eintr", 0, 1, 0);
	if (pid >= 0) {
		int status;
		kill(pid, SIGSTOP);
		waitpid(pid, &status, WUNTRACED);
		kill(pid, SIGCONT);
		/* If it went back to sleep, the +1 lets it finish with 0. */
		long long deadline = now_ns(CLOCK_MONOTONIC) + 2000000000LL;
		while (semctl(eintr_id, 0, GETNCNT) != 0 && now_ns(CLOCK_MONOTONIC) < deadline)
			sched_yield();
		op1(eintr_id, 0, 1, 0);
		want_result("stop_cont_eintr", pid, EINTR);
		setval(eintr_id, 0, 0);
	}
}

/* A sleeper killed with SIGKILL leaves nothing behind. */
static void killed_sleeper(void)
{
	int id = new_set("killed_setup", 1, 0600);
	pid_t pid = sleeper1("killed_setup", id, 0, -1, 1);
	if (pid < 0)
		return;
	int status;
	kill(pid, SIGKILL);
	wait_child(pid, &status);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "killed_sleeper_dies", "%s",
	      describe_status(status));
	want_val("killed_ncnt_zero", semctl(id, 0, GETNCNT), 0, "GETNCNT after the kill");
	op1(id, 0, 1, 0);
	want_val("killed_took_nothing", getval(id, 0), 1, "GETVAL after a later +1");
	/* The set still works: a new sleeper sleeps and is woken. */
	op1(id, 0, -1, 0);
	pid = sleeper1("set_works_after_kill", id, 0, -1, 1);
	if (pid < 0)
		return;
	op1(id, 0, 1, 0);
	want_result("set_works_after_kill", pid, 0);
}

int main(void)
{
	check_init("sem_wait");
	if (!sem_require())
		return summary();
	negative_waits();
	zero_waits();
	fair_waking();
	many_sleepers();
	chain();
	atomic_sleeper();
	zcnt_blocking_op();
	sleeper_erange();
	setval_setall_wake();
	removal();
	timed();
	signals();
	killed_sleeper();
	return sem_summary();
}
