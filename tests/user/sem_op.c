/*
 * sem_op: semop and semtimedop when nothing has to sleep, and their errors.
 *
 *   - A positive op adds, a negative one takes if the value allows, a zero
 *     op goes on if the value is 0.  With IPC_NOWAIT on the op that cannot
 *     go on: EAGAIN.  Without it, a semtimedop waits its timeout, then EAGAIN.
 *   - The ops of one call are applied in array order, all or none: a call
 *     that fails (EAGAIN, ERANGE) changes no value, no sempid, no otime.
 *   - ERANGE beyond SEMVMX (32767).
 *   - Errors, in Linux's order: nsops 0 or semid < 0 -> EINVAL; nsops >
 *     SEMOPM (500) -> E2BIG; a bad sops or timeout pointer -> EFAULT; a
 *     bad timespec -> EINVAL; no such set -> EINVAL; sem_num >= nsems ->
 *     EFBIG; no permission (alter for a nonzero op, read for a zero op) ->
 *     EACCES.
 */
#include "check.h"
#include "sem_common.h"

static struct timespec ms_timeout(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	return ts;
}

/* --------------------------------------------------------- the three ops --- */

static void basic_ops(void)
{
	int id = new_set("basic_setup", 2, 0600);
	if (id < 0)
		return;
	want_zero("positive_adds", op1(id, 0, 3, 0), "semop(+3)");
	op1(id, 0, 4, 0);
	want_val("positive_adds_up", getval(id, 0), 7, "GETVAL after +3 +4");
	want_zero("negative_takes", op1(id, 0, -2, 0), "semop(-2) on 7");
	want_val("negative_takes_value", getval(id, 0), 5, "GETVAL after -2");
	want_zero("negative_to_zero", op1(id, 0, -5, 0), "semop(-5) on 5");
	want_zero("zero_on_zero_goes", op1(id, 0, 0, 0), "semop(0) on 0");
	want_err("negative_nowait_eagain", op1(id, 0, -1, IPC_NOWAIT), EAGAIN,
	         "semop(-1, IPC_NOWAIT) on 0");
	setval(id, 1, 5);
	want_err("zero_nowait_eagain", op1(id, 1, 0, IPC_NOWAIT), EAGAIN,
	         "semop(0, IPC_NOWAIT) on 5");
	want_val("failed_op_no_change", getval(id, 1), 5, "GETVAL after the failed ops");
}

/* semop01: four ops at once, with semop and with semtimedop; GETALL shows i*i. */
static void four_at_once(void)
{
	int id = new_set("four_setup", 4, 0600);
	if (id < 0)
		return;
	struct sembuf ops[4];
	for (int i = 0; i < 4; i++)
		ops[i] = (struct sembuf){(unsigned short)i, (short)(i * i), SEM_UNDO};
	unsigned short v[4];
	want_zero("four_ops_semop", semop(id, ops, 4), "semop of 4 ops");
	semctl(id, 0, GETALL, v);
	check(v[0] == 0 && v[1] == 1 && v[2] == 4 && v[3] == 9, "four_ops_values",
	      "GETALL %u %u %u %u, expected 0 1 4 9", v[0], v[1], v[2], v[3]);
	struct timespec ts = ms_timeout(1000);
	want_zero("four_ops_semtimedop", semtimedop(id, ops, 4, &ts), "semtimedop of 4 ops");
	semctl(id, 0, GETALL, v);
	check(v[0] == 0 && v[1] == 2 && v[2] == 8 && v[3] == 18, "four_ops_values_again",
	      "GETALL %u %u %u %u, expected 0 2 8 18", v[0], v[1], v[2], v[3]);
}

/* ---------------------------------------------------------- all or none --- */

static void all_or_none(void)
{
	int id = new_set("atomic_setup", 2, 0600);
	if (id < 0)
		return;
	/* {sem0 -1, sem1 +1} with sem0 = 0: nothing happens. */
	struct sembuf take_give[2] = {{0, -1, IPC_NOWAIT}, {1, 1, 0}};
	want_err("atomic_first_blocks", semop(id, take_give, 2), EAGAIN, "semop {0:-1, 1:+1}");
	want_val("atomic_first_blocks_sem1", getval(id, 1), 0, "sem1 after the failed semop");
	/* {sem1 +1, sem0 -1}: the +1 was applied first, and must be rolled back. */
	struct sembuf give_take[2] = {{1, 1, 0}, {0, -1, IPC_NOWAIT}};
	want_err("atomic_last_blocks", semop(id, give_take, 2), EAGAIN, "semop {1:+1, 0:-1}");
	want_val("atomic_rolled_back", getval(id, 1), 0, "sem1 after the failed semop");

	/* Array order on one semaphore: {+1, -1} goes, {-1, +1} on 0 cannot. */
	struct sembuf up_down[2] = {{0, 1, 0}, {0, -1, 0}};
	want_zero("order_up_then_down", semop(id, up_down, 2), "semop {0:+1, 0:-1} on 0");
	struct sembuf down_up[2] = {{0, -1, IPC_NOWAIT}, {0, 1, 0}};
	want_err("order_down_then_up", semop(id, down_up, 2), EAGAIN, "semop {0:-1, 0:+1} on 0");
	want_val("order_value", getval(id, 0), 0, "sem0 afterwards");

	/* ERANGE rolls back too, even the ops before it. */
	setval(id, 0, SEMVMX);
	setval(id, 1, 0);
	struct sembuf over[2] = {{1, 1, 0}, {0, 1, 0}};
	want_err("erange_beyond_semvmx", semop(id, over, 2), ERANGE, "semop {1:+1, 0:+1} on 32767");
	want_val("erange_rolled_back", getval(id, 1), 0, "sem1 after ERANGE");
	want_val("erange_value_kept", getval(id, 0), SEMVMX, "sem0 after ERANGE");
	want_err("erange_with_nowait", op1(id, 0, 1, IPC_NOWAIT), ERANGE, "semop(+1, NOWAIT)");
	setval(id, 0, SEMVMX - 1);
	want_zero("semvmx_reachable", op1(id, 0, 1, 0), "semop(+1) on 32766");
	/* The first op that cannot go on decides: here it blocks before the ERANGE one. */
	struct sembuf block_first[2] = {{1, -1, IPC_NOWAIT}, {0, 1, 0}};
	want_err("first_failure_decides", semop(id, block_first, 2), EAGAIN,
	         "semop {1:-1 (on 0), 0:+1 (on 32767)}");
}

/* A failed semop leaves sempid and sem_otime alone. */
static void failure_keeps_bookkeeping(void)
{
	int id = new_set("bookkeeping_setup", 1, 0600);
	if (id < 0)
		return;
	pid_t pid = start_op1(id, 0, 1, 0); /* the child's +1 sets sempid */
	if (child_errno(pid) != 0) {
		fail("failure_keeps_sempid", "the child's semop(+1) failed");
		return;
	}
	struct semid_ds before, after;
	stat_set(id, &before);
	op1(id, 0, -2, IPC_NOWAIT);
	op1(id, 0, SEMVMX, 0);
	stat_set(id, &after);
	want_val("failure_keeps_sempid", semctl(id, 0, GETPID), pid, "GETPID after failed ops");
	check(after.sem_otime == before.sem_otime, "failure_keeps_otime", "otime %ld -> %ld",
	      (long)before.sem_otime, (long)after.sem_otime);
}

/* ------------------------------------------------------------ semtimedop --- */

static void timeouts(void)
{
	int id = new_set("timeout_setup", 2, 0600);
	if (id < 0)
		return;
	struct sembuf take = {0, -1, 0};
	struct timespec zero = {0, 0};
	long long t0 = now_ns(CLOCK_MONOTONIC);
	long r = semtimedop(id, &take, 1, &zero);
	long long ms = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	want_err("timeout_zero_eagain", r, EAGAIN, "semtimedop(-1 on 0, timeout 0)");
	check(ms < 1000, "timeout_zero_at_once", "took %lld ms", ms);

	setval(id, 0, 1);
	want_zero("timeout_not_needed", semtimedop(id, &take, 1, &zero),
	          "semtimedop(-1 on 1, timeout 0)");

	/* 200 ms: EAGAIN (not ETIMEDOUT), after at least 200 ms. */
	struct timespec ts = ms_timeout(200);
	t0 = now_ns(CLOCK_MONOTONIC);
	r = semtimedop(id, &take, 1, &ts);
	long long ns = now_ns(CLOCK_MONOTONIC) - t0;
	want_err("timeout_eagain", r, EAGAIN, "semtimedop(-1 on 0, 200 ms)");
	check(ns >= 200000000LL, "timeout_waited_enough", "returned after %lld us, expected 200 ms",
	      ns / 1000);
	check(ns < 5000000000LL, "timeout_not_too_long", "returned after %lld ms", ns / 1000000);
	check(ts.tv_sec == 0 && ts.tv_nsec == 200000000L, "timeout_unchanged",
	      "the timespec became %ld.%09ld", (long)ts.tv_sec, ts.tv_nsec);
	want_val("timeout_nothing_taken", getval(id, 0), 0, "GETVAL after the timeout");

	/* IPC_NOWAIT counts on the op that blocks only: here that one waits. */
	struct sembuf two[2] = {{1, 1, IPC_NOWAIT}, {0, -1, 0}};
	ts = ms_timeout(100);
	t0 = now_ns(CLOCK_MONOTONIC);
	r = semtimedop(id, two, 2, &ts);
	ns = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == -1 && errno == EAGAIN && ns >= 100000000LL, "nowait_of_blocking_op_only",
	      "semtimedop {1:+1 NOWAIT, 0:-1} returned %ld after %lld ms (expected EAGAIN after "
	      "100 ms)",
	      r, ns / 1000000);
	want_val("nowait_other_op_rolled_back", getval(id, 1), 0, "sem1 afterwards");

	/* Bad timespecs: EINVAL, even when the ops could go on at once. */
	setval(id, 0, 1);
	struct timespec bad[3] = {{0, 1000000000L}, {0, -1}, {-1, 0}};
	const char *names[3] = {"timeout_nsec_1e9_einval", "timeout_nsec_negative_einval",
	                        "timeout_sec_negative_einval"};
	for (int i = 0; i < 3; i++)
		want_err(names[i], semtimedop(id, &take, 1, &bad[i]), EINVAL,
		         "semtimedop with a bad timespec");
	want_val("bad_timeout_nothing_done", getval(id, 0), 1, "GETVAL afterwards");
}

/* ---------------------------------------------------------------- errors --- */

static void errors(void)
{
	int id = new_set("errors_setup", 2, 0600);
	if (id < 0)
		return;
	struct sembuf nop = {0, 0, 0};
	want_err("nsops_zero_einval", semop(id, &nop, 0), EINVAL, "semop(id, sops, 0)");
	want_err("semid_negative_einval", semop(-1, &nop, 1), EINVAL, "semop(-1, sops, 1)");
	/* Before the pointer is read: */
	want_err("nsops_zero_before_efault", semop(id, NULL, 0), EINVAL, "semop(id, NULL, 0)");

	/* E2BIG: more than SEMOPM (500) ops, before the pointer is read. */
	static struct sembuf many[1024]; /* zero ops on semaphore 0 (value 0): all go */
	want_zero("nsops_500_allowed", semop(id, many, 500), "semop with 500 zero ops");
	want_err("nsops_501_e2big", semop(id, many, 501), E2BIG, "semop with 501 ops");
	want_err("nsops_1024_e2big", semop(id, many, 1024), E2BIG, "semop with 1024 ops");
	want_err("e2big_before_efault", semop(id, NULL, 501), E2BIG, "semop(id, NULL, 501)");
	/* nsops is unsigned: 2^31 is too many, not negative. */
	want_err("nsops_2_31_e2big", raw_semtimedop(id, many, 0x80000000UL, NULL), E2BIG,
	         "semop(id, sops, 0x80000000)");

	/* EFAULT for the ops, before the set is looked up. */
	want_err("sops_null_efault", semop(id, NULL, 1), EFAULT, "semop(id, NULL, 1)");
	want_err("sops_unmapped_efault", semop(id, bad_page(), 1), EFAULT,
	         "semop(id, unmapped page, 1)");
	want_err("sops_kernel_efault", semop(id, (void *)0xffffffff80000000UL, 1), EFAULT,
	         "semop(id, kernel address, 1)");
	/* The array runs off the end of the mapping. */
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED) {
		munmap(page + 4096, 4096);
		struct sembuf *edge = (struct sembuf *)(page + 4096 - sizeof(struct sembuf));
		*edge = nop;
		want_zero("sops_at_page_end", semop(id, edge, 1), "semop on the last 6 bytes");
		want_err("sops_past_page_end_efault", semop(id, edge, 2), EFAULT,
		         "semop with the second op past the end of the mapping");
		munmap(page, 4096);
	}

	/* EFAULT for the timeout pointer, even when the op could go on. */
	struct sembuf give = {0, 1, 0};
	want_err("timeout_bad_efault", semtimedop(id, &give, 1, (void *)1), EFAULT,
	         "semtimedop(timeout = 1)");
	want_err("timeout_unmapped_efault", semtimedop(id, &give, 1, bad_page()), EFAULT,
	         "semtimedop(timeout = unmapped page)");
	want_val("efault_nothing_done", getval(id, 0), 0, "GETVAL after the EFAULTs");

	/* The set. */
	struct sembuf far = {2, 1, 0};
	want_err("sem_num_nsems_efbig", semop(id, &far, 1), EFBIG,
	         "semop(sem_num 2) on a set of 2");
	far.sem_num = 65535;
	want_err("sem_num_65535_efbig", semop(id, &far, 1), EFBIG, "semop(sem_num 65535)");
	struct sembuf mixed[2] = {{0, 1, 0}, {7, 1, 0}};
	want_err("one_bad_sem_num_efbig", semop(id, mixed, 2), EFBIG, "semop {0:+1, 7:+1}");
	want_val("efbig_nothing_done", getval(id, 0), 0, "GETVAL after EFBIG");

	int gone = new_set("errors_setup", 1, 0600);
	semctl(gone, 0, IPC_RMID);
	want_err("removed_set_einval", semop(gone, &give, 1), EINVAL, "semop on a removed set");
	want_err("removed_set_efault_first", semop(gone, NULL, 1), EFAULT,
	         "semop(removed set, NULL, 1)");
	want_err("removed_set_einval_before_efbig", semop(gone, &far, 1), EINVAL,
	         "semop(removed set, sem_num 65535)");
	want_err("unused_id_einval", semop(0x7ffe0000, &give, 1), EINVAL, "semop(0x7ffe0000, ...)");
}

/* ------------------------------------------------------------ permissions --- */

static int set600, set644, set622;

static void nobody_ops(void)
{
	want_err("nobody_600_alter_eacces", op1(set600, 0, 1, 0), EACCES, "+1 on root's 0600");
	want_err("nobody_600_zero_eacces", op1(set600, 0, 0, 0), EACCES, "zero op on root's 0600");
	want_err("nobody_efbig_before_eacces", op1(set600, 5, 1, 0), EFBIG,
	         "sem_num 5 on root's 0600 set of 1");
	want_zero("nobody_644_zero_allowed", op1(set644, 0, 0, 0), "zero op on 0644");
	want_err("nobody_644_alter_eacces", op1(set644, 0, 1, 0), EACCES, "+1 on 0644");
	want_zero("nobody_622_alter_allowed", op1(set622, 0, 1, 0), "+1 on 0622");
	want_err("nobody_622_zero_eacces", op1(set622, 0, 0, IPC_NOWAIT), EACCES,
	         "zero op on 0622 (no read)");
	/* One nonzero op makes the whole call need alter permission. */
	struct sembuf both[2] = {{0, 0, 0}, {0, 1, 0}};
	want_err("nobody_mixed_needs_alter", semop(set644, both, 2), EACCES, "{0, +1} on 0644");
}

static void permissions(void)
{
	set600 = new_set("perm_setup", 1, 0600);
	set644 = new_set("perm_setup", 1, 0644);
	set622 = new_set("perm_setup", 1, 0622);
	if (set600 < 0 || set644 < 0 || set622 < 0)
		return;
	as_nobody("nobody", nobody_ops);
	want_val("nobody_622_value", getval(set622, 0), 1, "the value nobody raised");
}

int main(void)
{
	check_init("sem_op");
	if (!sem_require())
		return summary();
	basic_ops();
	four_at_once();
	all_or_none();
	failure_keeps_bookkeeping();
	timeouts();
	errors();
	permissions();
	return sem_summary();
}
