/*
 * shm_life: the life of attaches across fork, exec, exit and kill, and
 * what processes see of each other's writes.
 *
 *   - fork: the child inherits every attach and SHARES the frames (never
 *     copy-on-write): each side sees the other's writes at once.  nattch
 *     counts the child's attaches (+1 each), lpid is the parent's pid.
 *   - exit and exec detach everything: nattch goes back down and lpid is
 *     the process that left.  A segment outlives its processes (nattch 0).
 *   - A process killed with SIGKILL while attached leaks nothing: on shmos
 *     the free-frame count (/proc/meminfo FreeFrames, exact) is the same
 *     before the segment is created and after it is removed and every
 *     process that used it is reaped (Linux has no exact count: SKIP).
 *   - IPC_RMID while a child is attached: the child goes on working; the
 *     segment goes when the last attach does.
 *   - 16 children each add 1 to their own slot of a shared array N times,
 *     and to a shared counter with __atomic_fetch_add: every number exact.
 * Processes hand over through the segment itself, polling with a deadline.
 *
 * Started as "shm_life --exec-child READY_FD WAIT_FD" it is the program a
 * child execs: it says it is running, then waits for WAIT_FD to close.
 */
#include "check.h"
#include "shm_common.h"

#define DEADLINE_MS 10000
#define STORM_KIDS  16
#define STORM_ADDS  20000

static const char *self; /* argv[0], to exec ourselves */

/* The start of every test segment. */
struct mailbox {
	volatile int ready, go, reply, round;
	char text[64];
};

/*
 * A flag in the mailbox says "what I wrote before this is there for you".
 * volatile alone does not say that: the compiler may move an ordinary store
 * (the strcpy of the text) after a volatile one, and gcc -O2 did, so a reader
 * now and then saw the flag before the text.  A release store and an acquire
 * load keep the order.
 */
static void post(volatile int *flag, int value)
{
	__atomic_store_n(flag, value, __ATOMIC_RELEASE);
}

/* Poll (with sched_yield) until *flag == want or the deadline passes; returns whether it did. */
static int wait_for(volatile int *flag, int want)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + DEADLINE_MS * 1000000LL;
	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) != want &&
	       now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE) == want;
}

static struct mailbox *attach_box(int id)
{
	long p = attach(id, NULL, 0);
	return p == -1 ? NULL : (struct mailbox *)p;
}

static int wait_pid(pid_t pid)
{
	int status = -1;
	if (pid > 0 && wait_child(pid, &status) < 0)
		status = -1;
	return status;
}

/* ---------------------------------------------------------------- fork --- */

static void fork_shares(void)
{
	struct shmid_ds ds = {0};
	int a = new_seg("fork", 2 * PAGE, 0600), b = new_seg("fork", PAGE, 0600);
	struct mailbox *m = a < 0 ? NULL : attach_box(a);
	char *pb = b < 0 ? (char *)-1 : shmat(b, NULL, 0);
	if (!m || pb == (char *)-1)
		return;
	strcpy(m->text, "from the parent");
	pid_t pid = check_fork();
	if (pid == 0) {
		/* Bits of the exit status: 1 parent's data not seen, 2 no go, 4 later write not
		 * seen. */
		int bad = strcmp(m->text, "from the parent") ? 1 : 0;
		post(&m->ready, 1);
		if (!wait_for(&m->go, 1))
			bad |= 2;
		if (strcmp(m->text, "written after fork") != 0)
			bad |= 4;
		strcpy(m->text, "from the child");
		pb[PAGE - 1] = 'c';
		post(&m->reply, 1);
		_exit(bad);
	}
	int ready = wait_for(&m->ready, 1);
	seg_stat(a, &ds);
	check(ready && ds.shm_nattch == 2 && nattch_of(b) == 2, "fork_counts_nattch",
	      "with a forked child: nattch %lu and %ld, expected 2 and 2", ds.shm_nattch,
	      nattch_of(b));
	check(ds.shm_lpid == getpid(), "fork_lpid_is_parent", "lpid %d after fork, expected %d",
	      ds.shm_lpid, getpid());
	strcpy(m->text, "written after fork");
	post(&m->go, 1);
	int replied = wait_for(&m->reply, 1);
	check(replied && strcmp(m->text, "from the child") == 0 && pb[PAGE - 1] == 'c',
	      "child_write_seen", "the parent reads \"%.20s\" and '%c' (no copy-on-write!)",
	      m->text, pb[PAGE - 1] ? pb[PAGE - 1] : '0');
	int status = wait_pid(pid);
	const char *names[3] = {"child_sees_parent_data", "child_got_go",
	                        "parent_write_seen_after_fork"};
	report_bits(names, 3, status, "the child");

	long t1 = time(NULL);
	seg_stat(a, &ds);
	check(ds.shm_nattch == 1 && nattch_of(b) == 1, "exit_detaches",
	      "after the child's exit: nattch %lu and %ld, expected 1 and 1", ds.shm_nattch,
	      nattch_of(b));
	check(ds.shm_lpid == pid && ds.shm_dtime > 0 && ds.shm_dtime <= t1, "exit_sets_lpid_dtime",
	      "lpid %d (child %d), dtime %ld", ds.shm_lpid, pid, (long)ds.shm_dtime);
	shmdt(m);
	shmdt(pb);
}

/* Three generations: the grandchild sees nattch 3. */
static void fork_chain(void)
{
	int id = new_seg("fork_chain", PAGE, 0600);
	struct mailbox *m = id < 0 ? NULL : attach_box(id);
	if (!m)
		return;
	pid_t pid = check_fork();
	if (pid == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0)
			_exit(nattch_of(id) == 3 ? 0 : 10);
		_exit(WEXITSTATUS(wait_pid(grandchild)));
	}
	int status = wait_pid(pid);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0 && nattch_of(id) == 1,
	      "fork_chain_nattch", "grandchild %s (10: nattch was not 3); now nattch %ld",
	      describe_status(status), nattch_of(id));
	shmdt(m);
}

/* A segment outlives the process that attached it. */
static void exit_leaves_segment(void)
{
	struct shmid_ds ds = {0};
	int id = new_seg("exit_leaves_segment", PAGE, 0600);
	pid_t pid = check_fork();
	if (pid == 0) {
		char *p = shmat(id, NULL, 0);
		if (p != (char *)-1)
			strcpy(p, "left behind");
		_exit(0); /* no shmdt */
	}
	wait_pid(pid);
	int r = seg_stat(id, &ds);
	check(r == 0 && ds.shm_nattch == 0 && ds.shm_lpid == pid && ds.shm_dtime > 0,
	      "exit_leaves_segment", "after its only user exited: IPC_STAT %d, nattch %lu lpid %d",
	      r, ds.shm_nattch, ds.shm_lpid);
	char *p = shmat(id, NULL, SHM_RDONLY);
	check(p != (char *)-1 && strcmp(p, "left behind") == 0, "exit_keeps_contents",
	      "the segment holds \"%.12s\"", p == (char *)-1 ? "" : p);
	shmdt(p);
}

/* ---------------------------------------------------------------- exec --- */

static int exec_child(char **argv)
{
	int ready = atoi(argv[2]), wait = atoi(argv[3]);
	char c = 'x';
	if (write(ready, &c, 1) != 1)
		return 3;
	while (read(wait, &c, 1) > 0) /* until the parent closes its end */
		;
	return 0;
}

static void exec_detaches(void)
{
	struct shmid_ds ds = {0};
	int id = new_seg("exec", PAGE, 0600), ready[2], hold[2];
	struct mailbox *m = id < 0 ? NULL : attach_box(id);
	if (!m || pipe(ready) != 0 || pipe(hold) != 0)
		return;
	pid_t pid = check_fork();
	if (pid == 0) {
		char a[16], b[16];
		snprintf(a, sizeof(a), "%d", ready[1]);
		snprintf(b, sizeof(b), "%d", hold[0]);
		close(ready[0]);
		close(hold[1]);
		post(&m->ready, nattch_of(id)); /* 2 here, before the exec */
		char *argv[] = {(char *)self, "--exec-child", a, b, NULL};
		execv(self, argv);
		_exit(127);
	}
	close(ready[1]);
	close(hold[0]);
	char c;
	int started = read(ready[0], &c, 1) == 1;
	seg_stat(id, &ds);
	check(started && m->ready == 2 && ds.shm_nattch == 1, "exec_detaches",
	      "child %s; nattch %d before its exec, %lu after (expected 2, 1)",
	      started ? "running the new program" : "never said it was running", m->ready,
	      ds.shm_nattch);
	check(ds.shm_lpid == pid, "exec_sets_lpid", "lpid %d after the exec, expected the child %d",
	      ds.shm_lpid, pid);
	close(hold[1]);
	close(ready[0]);
	int status = wait_pid(pid);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exec_child_ran",
	      "the exec'd child %s (127: execv of %s failed)", describe_status(status), self);
	shmdt(m);
}

/* ------------------------------------------------------ kill and leaks --- */

/*
 * A child attaches a 64-page segment, touches every page, and is killed
 * while attached.  Optionally the segment is removed (IPC_RMID) while the
 * child still has it.  Afterwards the segment must be unattached (or gone).
 */
static void kill_cycle(int rmid_first, int report)
{
	struct shmid_ds ds;
	int id = shmget(IPC_PRIVATE, 64 * PAGE, IPC_CREAT | 0600), fds[2];
	if (id < 0 || pipe(fds) != 0) {
		fail("kill_cycle", "shmget or pipe: %s", ename(errno));
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		char *p = shmat(id, NULL, 0);
		if (p != (char *)-1)
			memset(p, 0x77, 64 * PAGE);
		char c = p != (char *)-1 ? 'y' : 'n';
		if (write(fds[1], &c, 1) != 1)
			_exit(3);
		for (;;)
			pause(); /* until SIGKILL */
	}
	char c = 'n';
	if (pid < 0 || read(fds[0], &c, 1) != 1)
		c = 'n';
	close(fds[0]);
	close(fds[1]);
	if (rmid_first)
		shmctl(id, IPC_RMID, NULL);
	if (pid > 0)
		kill(pid, SIGKILL);
	int status = wait_pid(pid);
	if (!report) {
		shmctl(id, IPC_RMID, NULL);
		return;
	}
	check(c == 'y' && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      rmid_first ? "killed_after_rmid" : "killed_while_attached",
	      "child attached: %c; it %s", c, describe_status(status));
	if (rmid_first) {
		want_err("killed_last_attach_destroys", shmctl(id, IPC_STAT, &ds), EINVAL,
		         "IPC_STAT of a removed segment after its only user was killed");
	} else {
		check(nattch_of(id) == 0, "killed_detaches", "nattch %ld after SIGKILL, expected 0",
		      nattch_of(id));
		shmctl(id, IPC_RMID, NULL);
	}
}

static void kill_leaks_nothing(void)
{
	/* Once to warm up (the stack and anything the kernel keeps for good), then measured. */
	kill_cycle(0, 0);
	kill_cycle(1, 0);
	long frames0 = free_frames(), heap0 = meminfo("KernelHeapBytes");
	kill_cycle(0, 1);
	kill_cycle(1, 1);
	long frames1 = free_frames(), heap1 = meminfo("KernelHeapBytes");
	if (!is_shmos()) {
		skip("kill_frames_back", "Linux has no exact free-frame count (checked on shmos)");
		return;
	}
	check(frames0 >= 0 && frames1 == frames0, "kill_frames_back",
	      "FreeFrames %ld before the segments, %ld after removing them and reaping (%+ld)",
	      frames0, frames1, frames1 - frames0);
	info("KernelHeapBytes %ld before, %ld after", heap0, heap1);
}

/* ------------------------------------------------------ who sees what --- */

/* Parent and child take turns incrementing round: each waits to see the other's write. */
static void ping_pong(void)
{
	int id = new_seg("ping_pong", PAGE, 0600);
	struct mailbox *m = id < 0 ? NULL : attach_box(id);
	if (!m)
		return;
	enum { ROUNDS = 200 };
	pid_t pid = check_fork();
	if (pid == 0) {
		for (int r = 1; r < 2 * ROUNDS; r += 2) {
			if (!wait_for(&m->round, r))
				_exit(10);
			post(&m->round, r + 1);
		}
		_exit(0);
	}
	int r;
	for (r = 0; r < 2 * ROUNDS; r += 2) {
		if (!wait_for(&m->round, r))
			break;
		post(&m->round, r + 1);
	}
	int status = wait_pid(pid);
	check(r == 2 * ROUNDS && WIFEXITED(status) && WEXITSTATUS(status) == 0, "ping_pong",
	      "%d of %d rounds; child %s (10: it waited in vain)", r / 2, ROUNDS,
	      describe_status(status));
	shmdt(m);
}

/* Two children, neither inheriting an attach: each attaches by id; they talk. */
static void by_id(int id, int writer)
{
	struct mailbox *m = attach_box(id);
	if (!m)
		_exit(20);
	if (writer) {
		strcpy(m->text, "hello from the writer");
		post(&m->ready, 1);
		_exit(wait_for(&m->reply, 1) ? 0 : 10);
	}
	if (!wait_for(&m->ready, 1))
		_exit(11);
	if (strcmp(m->text, "hello from the writer") != 0)
		_exit(12);
	post(&m->reply, 1);
	_exit(0);
}

static void two_processes(void)
{
	int id = new_seg("two_processes", PAGE, 0600);
	if (id < 0)
		return;
	pid_t w = check_fork();
	if (w == 0)
		by_id(id, 1);
	pid_t r = check_fork();
	if (r == 0)
		by_id(id, 0);
	int sw = wait_pid(w), sr = wait_pid(r);
	char writer[64];
	snprintf(writer, sizeof(writer), "%s", describe_status(sw));
	check(WIFEXITED(sw) && WEXITSTATUS(sw) == 0 && WIFEXITED(sr) && WEXITSTATUS(sr) == 0,
	      "two_processes_by_id", "writer %s, reader %s (10, 11: waited in vain)", writer,
	      describe_status(sr));
}

static void two_attaches(void)
{
	int id = new_seg("two_attaches", 2 * PAGE, 0600);
	char *p = id < 0 ? (char *)-1 : shmat(id, NULL, 0);
	char *q = id < 0 ? (char *)-1 : shmat(id, NULL, 0);
	if (p == (char *)-1 || q == (char *)-1) {
		fail("two_attaches_one_process", "shmat: %s", ename(errno));
		return;
	}
	for (int i = 0; i < 2 * (int)PAGE; i += 512)
		p[i] = (char)(i / 512 + 1);
	int same = 1;
	for (int i = 0; i < 2 * (int)PAGE; i += 512)
		same &= q[i] == (char)(i / 512 + 1);
	check(p != q && same, "two_attaches_one_process",
	      "writes through %p not all seen through %p", p, q);
	shmdt(p);
	shmdt(q);
}

/* IPC_RMID while a child is attached: it keeps working; the last detach destroys. */
static void rmid_while_child_attached(void)
{
	struct shmid_ds ds = {0};
	int id = new_seg("rmid_child", PAGE, 0600);
	struct mailbox *m = id < 0 ? NULL : attach_box(id);
	if (!m)
		return;
	pid_t pid = check_fork();
	if (pid == 0) {
		if (!wait_for(&m->go, 1))
			_exit(10);
		strcpy(m->text, "written after IPC_RMID");
		post(&m->reply, 1);
		_exit(0);
	}
	shmdt(m); /* only the child is attached now */
	int r = shmctl(id, IPC_RMID, NULL);
	const char *how = r ? ename(errno) : "ok";
	seg_stat(id, &ds);
	check(r == 0 && (ds.shm_perm.mode & SHM_DEST) && ds.shm_nattch == 1, "rmid_child_attached",
	      "IPC_RMID: %s; IPC_STAT mode 0%o nattch %lu", how, ds.shm_perm.mode, ds.shm_nattch);
	m = attach_box(id); /* Linux: a removed segment can still be attached by id */
	if (!m) {
		fail("rmid_child_still_works", "shmat(removed id): %s", ename(errno));
		kill(pid, SIGKILL);
		wait_pid(pid);
		return;
	}
	post(&m->go, 1);
	int replied = wait_for(&m->reply, 1);
	check(replied && strcmp(m->text, "written after IPC_RMID") == 0, "rmid_child_still_works",
	      "the child's write after IPC_RMID: \"%.30s\"", m->text);
	int status = wait_pid(pid);
	check(nattch_of(id) == 1, "rmid_child_exit_detaches",
	      "child %s; nattch %ld, expected 1 (ours)", describe_status(status), nattch_of(id));
	shmdt(m);
	want_err("rmid_gone_after_last", shmctl(id, IPC_STAT, &ds), EINVAL,
	         "IPC_STAT after the last detach");
}

/* ---------------------------------------------------------- fork storm --- */

struct storm {
	volatile long slot[STORM_KIDS];
	long counter;
};

static void fork_storm(void)
{
	int id = new_seg("fork_storm", sizeof(struct storm), 0600);
	struct storm *s = id < 0 ? (struct storm *)-1 : shmat(id, NULL, 0);
	if (s == (struct storm *)-1)
		return;
	pid_t kids[STORM_KIDS];
	for (int k = 0; k < STORM_KIDS; k++) {
		kids[k] = check_fork();
		if (kids[k] == 0) {
			for (int i = 0; i < STORM_ADDS; i++) {
				s->slot[k]++;
				__atomic_fetch_add(&s->counter, 1, __ATOMIC_SEQ_CST);
				if (i % 1000 == 0)
					sched_yield(); /* let the others interleave */
			}
			_exit(0);
		}
	}
	int bad_status = 0;
	for (int k = 0; k < STORM_KIDS; k++) {
		int status = wait_pid(kids[k]);
		bad_status += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	int bad = -1;
	for (int k = 0; k < STORM_KIDS; k++)
		if (s->slot[k] != STORM_ADDS)
			bad = k;
	check(bad_status == 0, "storm_children_ok", "%d of %d children failed", bad_status,
	      STORM_KIDS);
	check(bad < 0, "storm_slots", "slot %d holds %ld, expected %d", bad,
	      bad < 0 ? 0 : s->slot[bad], STORM_ADDS);
	check(s->counter == (long)STORM_KIDS * STORM_ADDS, "storm_atomic_total",
	      "the shared counter is %ld, expected %d", s->counter, STORM_KIDS * STORM_ADDS);
	check(nattch_of(id) == 1, "storm_nattch_after", "nattch %ld after all children exited",
	      nattch_of(id));
	shmdt(s);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child(argv);
	self = argv[0];
	check_init("shm_life");
	if (!shm_require())
		return summary();
	fork_shares();
	fork_chain();
	exit_leaves_segment();
	exec_detaches();
	watchdog();
	kill_leaks_nothing();
	ping_pong();
	two_processes();
	two_attaches();
	rmid_while_child_attached();
	watchdog();
	fork_storm();
	return shm_summary();
}
