/*
 * sem_undo: SEM_UNDO, the adjustments the kernel applies when a process ends.
 *
 *   - Each op with SEM_UNDO adds -op to the process's adjustment for that
 *     semaphore; at exit, normal or by SIGKILL (also while asleep in semop),
 *     the adjustments are added to the values, clamped to 0..SEMVMX, and
 *     sleepers that can now go are woken.
 *   - An adjustment outside -32768..32767 (SEMAEM) is refused: ERANGE.
 *   - A semop that fails records nothing.  A sleeper's adjustment is
 *     recorded when its ops finally go.
 *   - fork: the child starts with no adjustments; execve keeps them.
 *   - SETVAL clears every process's adjustment for that semaphore, SETALL
 *     for all of the set's; IPC_RMID drops them with the set.
 *
 * Each process that holds adjustments is a child; the parent watches the
 * values before and after it ends.
 */
#include "check.h"
#include "sem_common.h"

#define DEADLINE_MS 5000

/*
 * A child that does ops (with SEM_UNDO where asked) and then waits to be
 * killed.  Returns when the ops are done (semctl(id, num, GETPID) shows
 * the child), or -1 with a FAIL.
 */
static pid_t holder(const char *name, int id, const struct sembuf *ops, int n, int num)
{
	pid_t pid = check_fork();
	if (pid == 0) {
		if (raw_semtimedop(id, ops, n, NULL) != 0)
			_exit(1);
		for (;;)
			pause();
	}
	if (pid < 0 || wait_count(id, num, GETPID, pid, DEADLINE_MS) != pid) {
		fail(name, "the child's semop did not happen");
		kill_child(pid);
		return -1;
	}
	return pid;
}

static pid_t holder1(const char *name, int id, int num, int op)
{
	struct sembuf sb = {(unsigned short)num, (short)op, SEM_UNDO};
	return holder(name, id, &sb, 1, num);
}

/* Kill a holder with SIGKILL and reap it: 1 if it died of the SIGKILL. */
static int kill_holder(pid_t pid)
{
	int status;
	kill(pid, SIGKILL);
	return wait_child(pid, &status) == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* A child that does ops and exits normally; 1 if its semop succeeded. */
static int run_ops(int id, const struct sembuf *ops, int n)
{
	return child_errno(start_semop(id, ops, n, NULL)) == 0;
}

/* --------------------------------------------------------- at exit --- */

static void at_exit(void)
{
	int id = new_set("exit_setup", 2, 0600);
	struct sembuf up3 = {0, 3, SEM_UNDO};
	check(run_ops(id, &up3, 1) && getval(id, 0) == 0, "undone_at_exit",
	      "after a child's +3 with SEM_UNDO and its exit, the value is %d (expected 0)",
	      getval(id, 0));

	/* +2 and -1 with SEM_UNDO, +5 without: only the SEM_UNDO ones are undone. */
	struct sembuf mix[3] = {{0, 2, SEM_UNDO}, {0, -1, SEM_UNDO}, {0, 5, 0}};
	check(run_ops(id, mix, 3) && getval(id, 0) == 5, "adjustments_add_up",
	      "after +2 U, -1 U, +5 and exit the value is %d (expected 5)", getval(id, 0));
	setval(id, 0, 0);

	/* A mutex held by a child killed with SIGKILL is given back. */
	setval(id, 1, 1);
	pid_t pid = holder1("sigkill_setup", id, 1, -1);
	if (pid >= 0) {
		int took = getval(id, 1) == 0;
		int killed = kill_holder(pid);
		check(took && killed && getval(id, 1) == 1, "undone_after_sigkill",
		      "mutex value %d after its holder was killed (expected 1)", getval(id, 1));
	}
}

/* The adjustment at exit sets sempid to the exiting process (Linux). */
static void exit_sets_sempid(void)
{
	int id = new_set("sempid_setup", 1, 0600);
	pid_t pid = holder1("sempid_setup", id, 0, 1);
	if (pid < 0)
		return;
	op1(id, 0, 1, 0); /* now sempid is ours */
	kill_holder(pid);
	want_val("exit_sets_sempid", semctl(id, 0, GETPID), pid, "GETPID after the undo at exit");
}

/* The adjustment is clamped into 0..SEMVMX. */
static void clamping(void)
{
	int id = new_set("clamp_setup", 1, 0600);
	pid_t pid = holder1("clamp_zero_setup", id, 0, 5); /* adjustment -5 */
	if (pid >= 0) {
		op1(id, 0, -3, 0); /* value 2 */
		kill_holder(pid);
		want_val("clamped_at_zero", getval(id, 0), 0, "2 + (-5) at exit");
	}
	setval(id, 0, 5);
	pid = holder1("clamp_max_setup", id, 0, -5); /* adjustment +5, value 0 */
	if (pid >= 0) {
		op1(id, 0, SEMVMX, 0);
		kill_holder(pid);
		want_val("clamped_at_semvmx", getval(id, 0), SEMVMX, "32767 + 5 at exit");
	}
}

/* SEMAEM: the adjustment must stay in -32768..32767. */
static int semaem_id;

static void semaem_low(void)
{
	int id = semaem_id;
	setval(id, 0, 0);
	want_zero("semaem_up_32767", op1(id, 0, SEMVMX, SEM_UNDO), "+32767 U (adj -32767)");
	op1(id, 0, -SEMVMX, 0);
	want_zero("semaem_adj_minus_32768", op1(id, 0, 1, SEM_UNDO), "+1 U (adj -32768)");
	op1(id, 0, -1, 0);
	want_err("semaem_adj_below_erange", op1(id, 0, 1, SEM_UNDO), ERANGE, "+1 U (adj -32769)");
	want_val("semaem_erange_no_change", getval(id, 0), 0, "the value after ERANGE");
}

static void semaem_high(void)
{
	int id = semaem_id;
	want_zero("semaem_down_32767", op1(id, 1, -SEMVMX, SEM_UNDO), "-32767 U (adj +32767)");
	op1(id, 1, SEMVMX, 0);
	want_err("semaem_adj_above_erange", op1(id, 1, -1, SEM_UNDO), ERANGE, "-1 U (adj +32768)");
	want_val("semaem_erange_no_change_high", getval(id, 1), SEMVMX, "the value after ERANGE");
}

static void semaem(void)
{
	semaem_id = new_set("semaem_setup", 2, 0600);
	setval(semaem_id, 1, SEMVMX);
	run_counted("semaem_low", semaem_low);
	run_counted("semaem_high", semaem_high);
}

/* --------------------------------------------------- what is recorded --- */

static void failures_record_nothing(void)
{
	int id = new_set("failure_setup", 2, 0600);
	setval(id, 0, 3);
	setval(id, 1, SEMVMX);
	/* EAGAIN after a +1 U that was rolled back, then ERANGE after another one. */
	struct sembuf again[2] = {{0, 1, SEM_UNDO}, {0, -9, IPC_NOWAIT}};
	struct sembuf range[2] = {{0, 1, SEM_UNDO}, {1, 1, 0}};
	pid_t pid = check_fork();
	if (pid == 0) {
		int a = semop(id, again, 2) == -1 && errno == EAGAIN;
		int r = semop(id, range, 2) == -1 && errno == ERANGE;
		_exit(a && r ? 0 : 1);
	}
	check(child_errno(pid) == 0 && getval(id, 0) == 3, "failed_semop_records_nothing",
	      "value %d after the child's failed semops and exit (expected 3)", getval(id, 0));
}

/* A sleeper's adjustment is recorded when its op finally goes. */
static void sleeper_adjustment(void)
{
	int id = new_set("sleeper_setup", 1, 0600);
	pid_t pid = start_op1(id, 0, -1, SEM_UNDO);
	if (wait_count(id, 0, GETNCNT, 1, DEADLINE_MS) != 1) {
		fail("sleeper_adjustment", "the child is not asleep");
		kill_child(pid);
		return;
	}
	op1(id, 0, 1, 0);
	int r = child_errno(pid);
	check(r == 0 && getval(id, 0) == 1, "sleeper_adjustment",
	      "sleeper %s; value %d after it exited (expected 1: its -1 undone)", result_name(r),
	      getval(id, 0));

	/* A sleeper that times out records nothing. */
	setval(id, 0, 0);
	struct sembuf take = {0, -1, SEM_UNDO};
	struct timespec ts = {0, 100000000L};
	pid = start_semop(id, &take, 1, &ts);
	r = child_errno(pid);
	op1(id, 0, 2, 0);
	check(r == EAGAIN && getval(id, 0) == 2, "timed_out_records_nothing",
	      "sleeper %s; value %d (expected EAGAIN, 2)", result_name(r), getval(id, 0));
}

/* Killed while asleep: what it held is given back, and the sleep leaves no trace. */
static void killed_while_asleep(void)
{
	int id = new_set("asleep_setup", 2, 0600);
	setval(id, 1, 1);
	pid_t pid = check_fork();
	if (pid == 0) {
		op1(id, 1, -1, SEM_UNDO); /* hold semaphore 1 */
		op1(id, 0, -1, SEM_UNDO); /* and sleep on semaphore 0 */
		_exit(1);
	}
	if (wait_count(id, 0, GETNCNT, 1, DEADLINE_MS) != 1) {
		fail("killed_asleep_gives_back", "the child is not asleep");
		kill_child(pid);
		return;
	}
	kill_holder(pid);
	check(getval(id, 1) == 1 && getval(id, 0) == 0 && semctl(id, 0, GETNCNT) == 0,
	      "killed_asleep_gives_back",
	      "held semaphore %d (expected 1), slept-on %d (0), GETNCNT %d (0)", getval(id, 1),
	      getval(id, 0), semctl(id, 0, GETNCNT));
}

/* The adjustments at exit wake sleepers: a mutex sleeper and a zero sleeper. */
static void exit_wakes(void)
{
	int id = new_set("wake_setup", 2, 0600);
	setval(id, 0, 1);
	pid_t h = holder1("exit_wakes_setup", id, 0, -1);
	pid_t h2 = h < 0 ? -1 : holder1("exit_wakes_setup", id, 1, 1);
	if (h < 0 || h2 < 0) {
		kill_child(h);
		return;
	}
	pid_t n = start_op1(id, 0, -1, 0);
	pid_t z = start_op1(id, 1, 0, 0);
	if (wait_count(id, 0, GETNCNT, 1, DEADLINE_MS) != 1 ||
	    wait_count(id, 1, GETZCNT, 1, DEADLINE_MS) != 1) {
		fail("exit_wakes_sleepers", "the sleepers are not asleep");
		kill_child(n), kill_child(z), kill_child(h), kill_child(h2);
		return;
	}
	kill_holder(h);
	kill_holder(h2);
	int rn = child_errno(n), rz = child_errno(z);
	check(rn == 0 && rz == 0, "exit_wakes_sleepers", "mutex sleeper %s, zero sleeper %s",
	      result_name(rn), result_name(rz));
}

/* -------------------------------------------------------- fork and exec --- */

static void fork_exec(const char *self)
{
	int id = new_set("fork_setup", 1, 0600);
	pid_t pid = check_fork();
	if (pid == 0) {
		/* We hold +1; a child of ours that exits must not undo it. */
		op1(id, 0, 1, SEM_UNDO);
		pid_t g = fork();
		if (g == 0)
			_exit(0);
		int status;
		wait_child(g, &status);
		_exit(getval(id, 0) == 1 ? 0 : 1);
	}
	int r = child_errno(pid);
	check(r == 0, "fork_not_inherited", "a forked child's exit undid its parent's +1");
	want_val("fork_parent_undone", getval(id, 0), 0, "the value after the holder's exit");

	/* execve keeps the adjustments: the new program's exit undoes the old one's +1. */
	pid = check_fork();
	if (pid == 0) {
		op1(id, 0, 1, SEM_UNDO);
		execl(self, self, "--exit", (char *)NULL);
		_exit(3);
	}
	r = child_errno(pid);
	check(r == 0 && getval(id, 0) == 0, "exec_keeps_adjustments",
	      "exec'd child %s; value %d after it exited (expected 0)", result_name(r),
	      getval(id, 0));
}

/* ----------------------------------------------- SETVAL, SETALL, RMID --- */

static void cleared_by_set(void)
{
	int id = new_set("setval_setup", 2, 0600);
	struct sembuf both[2] = {{0, 1, SEM_UNDO}, {1, 1, SEM_UNDO}};
	pid_t pid = holder("setval_clears_setup", id, both, 2, 1);
	if (pid >= 0) {
		setval(id, 0, 5); /* clears the holder's adjustment of semaphore 0 only */
		kill_holder(pid);
		check(getval(id, 0) == 5 && getval(id, 1) == 0, "setval_clears_that_adjustment",
		      "values %d %d after the holder died (expected 5: cleared; 0: undone)",
		      getval(id, 0), getval(id, 1));
	}
	setval(id, 0, 0);
	pid = holder("setall_clears_setup", id, both, 2, 1);
	if (pid >= 0) {
		unsigned short vals[2] = {5, 6};
		semctl(id, 0, SETALL, vals);
		kill_holder(pid);
		check(getval(id, 0) == 5 && getval(id, 1) == 6, "setall_clears_adjustments",
		      "values %d %d after the holder died (expected 5 6)", getval(id, 0),
		      getval(id, 1));
	}
}

static void removed_set(void)
{
	int id = new_set("rmid_setup", 1, 0600);
	pid_t pid = holder1("rmid_setup", id, 0, 1);
	if (pid < 0)
		return;
	semctl(id, 0, IPC_RMID);
	int fresh = new_set("rmid_setup", 1, 0600);
	int killed = kill_holder(pid);
	check(killed && getval(fresh, 0) == 0, "rmid_drops_adjustments",
	      "holder %s; a new set's value is %d (expected 0)", killed ? "died" : "did not die",
	      getval(fresh, 0));
}

/* Adjustments on two sets, both undone. */
static void two_sets(void)
{
	int a = new_set("two_sets_setup", 1, 0600);
	int b = new_set("two_sets_setup", 3, 0600);
	pid_t pid = check_fork();
	if (pid == 0) {
		int ok = op1(a, 0, 1, SEM_UNDO) == 0 && op1(b, 2, 2, SEM_UNDO) == 0;
		_exit(ok ? 0 : 1);
	}
	int r = child_errno(pid);
	check(r == 0 && getval(a, 0) == 0 && getval(b, 2) == 0, "two_sets_undone",
	      "child %s; values %d and %d after its exit (expected 0 0)", result_name(r),
	      getval(a, 0), getval(b, 2));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0; /* fork_exec()'s exec'd child */
	check_init("sem_undo");
	if (!sem_require())
		return summary();
	at_exit();
	exit_sets_sempid();
	clamping();
	semaem();
	failures_record_nothing();
	sleeper_adjustment();
	killed_while_asleep();
	exit_wakes();
	fork_exec(argv[0]);
	cleared_by_set();
	removed_set();
	two_sets();
	return sem_summary();
}
