/*
 * fuzz: random system calls with hostile arguments.  Whatever a program
 * asks, the kernel must answer (a result, an errno, or a signal that kills
 * the program) and live on, and everything the program held must come back.
 *
 *   fuzz [WORKERS [CALLS [FIRST_SEED]]]   default 150 workers x 150 calls, seeds 1..150
 *   fuzz --replay SEED [CALLS]            one worker, each call printed as it is made
 *
 * Each worker is a child that makes itself harmless first: its own session,
 * stdin/stdout/stderr on /dev/null, every other descriptor closed, its cwd
 * a fresh directory of its own ($SHMOS_ROOT/fuzz/SEED), then uid and gid
 * nobody (65534), so it can hurt nothing but itself.  Then it makes CALLS
 * calls, chosen by a seeded random generator from the system calls shmos
 * implements (less the few that would only end or multiply the worker:
 * exit, fork, clone, execve, reboot) and a few numbers it does not.
 * Arguments mix small numbers, results of earlier calls (descriptors, IPC
 * ids, addresses), boundary values, pointers into a scratch buffer (which
 * holds a few real names: "a", "b/c", ".", "/"), into a PROT_NONE page, at
 * the kernel, past the canonical hole, and random bits.
 *
 * A SIGALRM every 10 ms interrupts a call that would block (a read of an
 * empty pipe, a pause), so the worker goes on; one that blocks anyway (it
 * changed the handler) is killed after WORKER_MS; one that kills itself
 * with a wild handler or a bad mmap is fine.  After the workers the parent
 * removes what they left (their directories, IPC objects nobody created)
 * and checks:
 *
 *   fuzz/kernel_alive   every worker started and ended, and a fork still works
 *   fuzz/nothing_left   the clean-up left no directory and no IPC object of nobody's
 *
 * On shmos the runner's kernel_no_leaks check then proves that every frame
 * and heap byte came back.  If the kernel panics, the line before the
 * panic names the worker's seed, and `fuzz --replay SEED` shows its calls.
 *
 * Deterministic: the same seeds make the same calls (what they return may
 * vary with timing).  On the host Linux the same program checks the
 * harness; there, as here, a kill is only ever aimed at the worker itself.
 */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#define NOBODY    65534
#define WORKER_MS 300

/*
 * What a worker may call: every system call shmos has but exit, exit_group,
 * fork, vfork, clone, execve and reboot; then one it lacks (getrandom) and
 * two numbers that name no system call: all three must give ENOSYS.
 */
/* clang-format off */
static const long calls[] = {
    SYS_read, SYS_write, SYS_open, SYS_close, SYS_stat, SYS_fstat, SYS_lstat, SYS_poll,
    SYS_lseek, SYS_mmap, SYS_mprotect, SYS_munmap, SYS_brk, SYS_rt_sigaction,
    SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_ioctl, SYS_pread64, SYS_pwrite64, SYS_readv,
    SYS_writev, SYS_access, SYS_pipe, SYS_select, SYS_sched_yield, SYS_madvise, SYS_shmget,
    SYS_shmat, SYS_shmctl, SYS_dup, SYS_dup2, SYS_pause, SYS_nanosleep, SYS_getitimer,
    SYS_alarm, SYS_setitimer, SYS_getpid, SYS_kill, SYS_uname, SYS_semget, SYS_semop,
    SYS_semctl, SYS_shmdt, SYS_msgget, SYS_msgsnd, SYS_msgrcv, SYS_msgctl, SYS_fcntl, SYS_fsync,
    SYS_fdatasync, SYS_sync, SYS_syncfs, SYS_truncate, SYS_ftruncate, SYS_getdents64,
    SYS_getcwd, SYS_chdir, SYS_fchdir, SYS_rename, SYS_mkdir, SYS_rmdir, SYS_creat, SYS_link,
    SYS_unlink, SYS_readlink, SYS_chmod, SYS_fchmod, SYS_chown, SYS_fchown, SYS_lchown,
    SYS_umask, SYS_gettimeofday, SYS_getrlimit, SYS_getrusage, SYS_sysinfo, SYS_times,
    SYS_getuid, SYS_getgid, SYS_setuid, SYS_setgid, SYS_geteuid, SYS_getegid, SYS_setpgid,
    SYS_getppid, SYS_getpgrp, SYS_setsid, SYS_setreuid, SYS_setregid, SYS_getgroups,
    SYS_setgroups, SYS_setresuid, SYS_getresuid, SYS_setresgid, SYS_getresgid, SYS_getpgid,
    SYS_setfsuid, SYS_setfsgid, SYS_getsid, SYS_rt_sigpending, SYS_rt_sigsuspend,
    SYS_sigaltstack, SYS_arch_prctl, SYS_setrlimit, SYS_gettid, SYS_tkill, SYS_time,
    SYS_set_tid_address, SYS_semtimedop, SYS_clock_gettime, SYS_clock_getres,
    SYS_clock_nanosleep, SYS_tgkill, SYS_wait4, SYS_openat, SYS_mkdirat, SYS_fchownat,
    SYS_newfstatat, SYS_unlinkat, SYS_renameat, SYS_linkat, SYS_fchmodat, SYS_faccessat,
    SYS_pselect6, SYS_ppoll, SYS_dup3, SYS_pipe2, SYS_prlimit64, SYS_renameat2, SYS_getrandom,
    SYS_mremap, 400, -1,
};
/* clang-format on */
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

/* xorshift64*: small, and the same sequence everywhere. */
static uint64_t rng;
static uint64_t next_random(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static char fuzz_dir[600]; /* $SHMOS_ROOT/fuzz: the workers' directories */
static unsigned char scratch[3 * 4096] __attribute__((aligned(4096)));
static char *no_access; /* a PROT_NONE page */

/* The names a path argument may point at (in scratch, so calls may also overwrite them). */
static const char *const names[] = {"a", "b", "b/c", ".", "", "a/../b", "d/", "/"};
static size_t name_at[sizeof(names) / sizeof(names[0])];

static void fill_scratch(void)
{
	size_t off = 0;
	for (size_t i = 0; i < sizeof(scratch); i++)
		scratch[i] = (unsigned char)next_random();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		name_at[i] = off;
		memcpy(scratch + off, names[i], strlen(names[i]) + 1);
		off += 16;
	}
}

/*
 * The last few results that look like something (a descriptor, an IPC id,
 * an address): used again as arguments, so that calls reach past the
 * "no such object" checks into the code that works on real objects.
 */
#define NRESULTS 16
static uint64_t results[NRESULTS];
static unsigned nresults;

static void remember(long r)
{
	if (r > 0)
		results[nresults++ % NRESULTS] = (uint64_t)r;
}

/* One argument: a small number, an earlier result, a boundary, a pointer somewhere, or noise. */
static uint64_t random_arg(void)
{
	static const uint64_t edges[] = {
	    0,
	    1,
	    2,
	    3,
	    4096,
	    4095,
	    0x7fffffff,
	    0x80000000,
	    0xffffffff,
	    (uint64_t)-1,
	    (uint64_t)-4096,
	    0x7fffffffffffffffULL,
	    0x8000000000000000ULL,
	    0x00007ffffffff000ULL,
	    0x0000800000000000ULL, /* the first non-canonical address */
	    0xffff800000000000ULL, /* the kernel's direct map */
	    0xffffffff80200000ULL, /* the kernel's text */
	};
	uint64_t r = next_random();
	switch (r % 10) {
	case 0:
	case 1:
		return (r >> 8) % 64;
	case 2: /* what an earlier call returned: an fd, an IPC id, an address */
		return results[(r >> 8) % NRESULTS];
	case 3:
	case 4:
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	case 5:
		return (uint64_t)(scratch + name_at[(r >> 8) % (sizeof(names) / sizeof(names[0]))]);
	case 6:
	case 7:
		return (uint64_t)(scratch + (r >> 8) % sizeof(scratch));
	case 8:
		return (uint64_t)(no_access + (r >> 8) % 4096);
	default:
		return next_random();
	}
}

/*
 * A kill (or prlimit64) aimed anywhere but at the worker itself could hit the test runner
 * (as root it cannot: the worker is nobody) or, on the host, somebody
 * else's process running as nobody.  So the pid is always the worker's.
 */
static void aim_at_self(long nr, uint64_t a[6])
{
	if (nr == SYS_kill || nr == SYS_tkill)
		a[0] = a[0] % 2 ? (uint64_t)getpid() : 0;
	if (nr == SYS_tgkill)
		a[0] = a[1] = (uint64_t)getpid();
	if (nr == SYS_prlimit64) /* another nobody's limits are not ours to change either */
		a[0] = 0;
}

/*
 * The next call.  Those that usually end the worker at once (a sigreturn
 * from a random frame, a signal sent to itself) come ten times less often,
 * so that most workers live to make most of their calls.
 */
static long pick_call(void)
{
	for (;;) {
		long nr = calls[next_random() % NCALLS];
		int deadly =
		    nr == SYS_rt_sigreturn || nr == SYS_kill || nr == SYS_tkill || nr == SYS_tgkill;
		if (!deadly || next_random() % 10 == 0)
			return nr;
	}
}

static void on_tick(int sig)
{
	(void)sig;
}

static void worker(uint64_t seed, int ncalls, int replay)
{
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	int out = replay ? dup(1) : -1;
	setsid();
	int null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		dup2(null, fd);
	for (int fd = 3; fd < 64; fd++)
		if (fd != out)
			close(fd);
	char dir[700];
	snprintf(dir, sizeof(dir), "%s/%llu", fuzz_dir, (unsigned long long)seed);
	if (mkdir(dir, 0700) != 0 || chown(dir, NOBODY, NOBODY) != 0 || chdir(dir) != 0)
		_exit(3);
	no_access = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (no_access == MAP_FAILED || setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 ||
	    setuid(NOBODY) != 0)
		_exit(3);
	/* A tick every 10 ms interrupts a call that would block (EINTR): the worker goes on. */
	struct sigaction tick = {.sa_handler = on_tick};
	struct itimerval every = {{0, 10000}, {0, 10000}};
	sigaction(SIGALRM, &tick, NULL);
	sigset_t alarm_only;
	sigemptyset(&alarm_only);
	sigaddset(&alarm_only, SIGALRM);
	setitimer(ITIMER_REAL, &every, NULL);
	fill_scratch();
	for (int i = 0; i < ncalls; i++) {
		long nr = pick_call();
		uint64_t a[6];
		for (int k = 0; k < 6; k++)
			a[k] = random_arg();
		aim_at_self(nr, a);
		if (replay)
			dprintf(out,
			        "INFO call %d: %ld(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)\n", i,
			        nr, (unsigned long long)a[0], (unsigned long long)a[1],
			        (unsigned long long)a[2], (unsigned long long)a[3],
			        (unsigned long long)a[4], (unsigned long long)a[5]);
		long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		remember(r);
		/* Keep the tick coming. */
		sigprocmask(SIG_UNBLOCK, &alarm_only, NULL);
		if (nr == SYS_alarm || nr == SYS_setitimer)
			setitimer(ITIMER_REAL, &every, NULL);
		if (replay)
			dprintf(out, "INFO   = %ld (%s)\n", r, r == -1 ? errname(errno) : "-");
	}
	_exit(0);
}

/* Wait for a worker at most WORKER_MS, then SIGKILL it.  Returns how it ended. */
static int reap_worker(pid_t pid, int *killed)
{
	int status = 0;
	long long deadline = now_ns(CLOCK_MONOTONIC) + WORKER_MS * 1000000LL;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ns(CLOCK_MONOTONIC) > deadline) {
			kill(pid, SIGKILL);
			(*killed)++;
			wait_child(pid, &status);
			break;
		}
		sched_yield();
	}
	return status;
}

/* ------------------------------------------------------------ clean-up --- */

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	if (remove(path) != 0 && errno != ENOENT) {
		chmod(path, 0700); /* a worker may have taken its own permissions away */
		remove(path);
	}
	return 0;
}

/* Directories first get their permissions back, so nftw can go in. */
static int open_up(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D || type == FTW_DNR)
		chmod(path, (st->st_mode & 07777) | 0700);
	return 0;
}

static void remove_tree(const char *root)
{
	for (int pass = 0; pass < 3; pass++) /* each pass may open up a deeper level */
		nftw(root, open_up, 16, FTW_PHYS);
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Remove every IPC object created by nobody; how many there were. */
static int remove_nobodys_ipc(void)
{
	int n = 0;
	struct shm_info si;
	int hi = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
	for (int i = 0; i <= hi; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id >= 0 && ds.shm_perm.cuid == NOBODY && shmctl(id, IPC_RMID, NULL) == 0)
			n++;
	}
	struct seminfo sinfo;
	union semun {
		int val;
		struct semid_ds *buf;
		struct seminfo *info;
	} arg = {.info = &sinfo};
	hi = semctl(0, 0, SEM_INFO, arg);
	for (int i = 0; i <= hi; i++) {
		struct semid_ds ds;
		arg.buf = &ds;
		int id = semctl(i, 0, SEM_STAT_ANY, arg);
		if (id >= 0 && ds.sem_perm.cuid == NOBODY && semctl(id, 0, IPC_RMID) == 0)
			n++;
	}
	struct msginfo mi;
	hi = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	for (int i = 0; i <= hi; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id >= 0 && ds.msg_perm.cuid == NOBODY && msgctl(id, IPC_RMID, NULL) == 0)
			n++;
	}
	return n;
}

/* ---------------------------------------------------------------- main --- */

static int replay(uint64_t seed, int ncalls)
{
	mkdir(fuzz_dir, 0755);
	pid_t pid = fork();
	if (pid == 0)
		worker(seed, ncalls, 1);
	int killed = 0, status = reap_worker(pid, &killed);
	info("worker %llu %s%s", (unsigned long long)seed, describe_status(status),
	     killed ? " (we killed it: it blocked)" : "");
	remove_tree(fuzz_dir);
	remove_nobodys_ipc();
	return 0;
}

int main(int argc, char **argv)
{
	check_init("fuzz");
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s", root_path("/fuzz"));
	if (argc >= 3 && strcmp(argv[1], "--replay") == 0)
		return replay(strtoull(argv[2], NULL, 0), argc > 3 ? atoi(argv[3]) : 150);
	int nworkers = argc > 1 ? atoi(argv[1]) : 150, ncalls = argc > 2 ? atoi(argv[2]) : 150;
	uint64_t first = argc > 3 ? strtoull(argv[3], NULL, 0) : 1;
	if (geteuid() != 0) {
		skip("kernel_alive", "needs root, to become nobody");
		return summary();
	}
	alarm(0); /* the run has its own bound: WORKER_MS a worker */
	remove_tree(fuzz_dir);
	if (mkdir(fuzz_dir, 0755) != 0) {
		fail("kernel_alive", "mkdir %s: %s", fuzz_dir, errname(errno));
		return summary();
	}
	int killed = 0, signalled = 0, bad = 0, deaths[64] = {0};
	uint64_t bad_seed = 0;
	for (int w = 0; w < nworkers; w++) {
		uint64_t seed = first + (uint64_t)w;
		/* If this worker brings the kernel down, this is the last line before the panic. */
		if (is_shmos())
			printf("INFO worker %llu\n", (unsigned long long)seed);
		pid_t pid = fork();
		if (pid < 0) {
			bad++, bad_seed = seed;
			break;
		}
		if (pid == 0)
			worker(seed, ncalls, 0);
		int status = reap_worker(pid, &killed);
		if (WIFSIGNALED(status)) {
			signalled++;
			deaths[WTERMSIG(status) & 63]++;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status) == 3)
			bad++, bad_seed = seed; /* it could not even set itself up */
	}
	info("%d workers x %d calls: %d killed by a signal of their own making, %d by us after %d "
	     "ms",
	     nworkers, ncalls, signalled - killed, killed, WORKER_MS);
	for (int sig = 1; sig < 64; sig++)
		if (deaths[sig])
			info("  %d killed by %s", deaths[sig], signame(sig));
	pid_t pid = fork();
	if (pid == 0)
		_exit(42);
	int status = 0;
	wait_child(pid, &status);
	check(bad == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 42, "kernel_alive",
	      "%d workers failed to start or end (the last: seed %llu); a fork after them %s", bad,
	      (unsigned long long)bad_seed, describe_status(status));
	remove_tree(fuzz_dir);
	int removed = remove_nobodys_ipc();
	struct stat st;
	check(stat(fuzz_dir, &st) != 0 && remove_nobodys_ipc() == 0, "nothing_left",
	      "%s still there after the clean-up, or IPC objects came back",
	      stat(fuzz_dir, &st) == 0 ? fuzz_dir : "nothing");
	info("the clean-up removed %d IPC objects", removed);
	return summary();
}
