/*
 * clocks: time, and the small system calls every program uses.
 *
 *   CLOCK_REALTIME    wall-clock time, seconds since 1970 (can be set, can jump)
 *   CLOCK_MONOTONIC   time since some point (boot), never goes backwards
 *   CLOCK_BOOTTIME    like MONOTONIC, but also counts time suspended
 *   *_COARSE          the same, cheaper, with the resolution of a timer tick
 *
 * On Linux, musl reads the clocks through the vDSO (code the kernel maps into
 * every process), without a system call; on shmos there is no vDSO and
 * musl falls back to the clock_gettime system call.  musl's gettimeofday()
 * and time() are built on clock_gettime too, so the gettimeofday and time
 * system calls are tested directly with syscall(2).
 *
 * Also: uname, getrlimit, getpid/gettid, sched_yield; ENOSYS for a number
 * that names no system call; and socket()'s EAFNOSUPPORT (no networking).
 */
#include "check.h"
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>

#define NS    1000000000LL
#define Y2020 1577836800LL /* 2020-01-01 00:00:00 UTC */

static long long ns_of(clockid_t clock, int *ok)
{
	struct timespec ts;
	*ok = clock_gettime(clock, &ts) == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < NS;
	return ts.tv_sec * NS + ts.tv_nsec;
}

static void monotonic(void)
{
	long long prev = now_ns(CLOCK_MONOTONIC), t = prev;
	int i;
	for (i = 0; i < 20000; i++) {
		t = now_ns(CLOCK_MONOTONIC);
		if (t < prev)
			break;
		prev = t;
	}
	check(i == 20000, "monotonic_never_backwards", "went from %lld to %lld ns at read %d", prev,
	      t, i);

	/* A 10 ms sleep takes at least 10 ms. */
	struct timespec ten_ms = {0, 10000000};
	long long t0 = now_ns(CLOCK_MONOTONIC);
	int r = nanosleep(&ten_ms, NULL);
	long long slept = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == 0 && slept >= 10000000 && slept < NS, "nanosleep_10ms",
	      "nanosleep(10 ms) = %d, took %lld us", r, slept / 1000);

	struct timespec bad = {0, NS};
	check_errno("nanosleep_bad_nsec_einval", syscall(SYS_nanosleep, &bad, NULL), EINVAL,
	            "nanosleep(tv_nsec = 1e9)");
}

static void clocks(void)
{
	int ok1, ok2;
	long long real = ns_of(CLOCK_REALTIME, &ok1);
	check(ok1 && real / NS > Y2020, "realtime_after_2020", "CLOCK_REALTIME says %lld s",
	      real / NS);

	real = ns_of(CLOCK_REALTIME, &ok1);
	long long coarse = ns_of(CLOCK_REALTIME_COARSE, &ok2);
	check(ok1 && ok2 && llabs(coarse - real) < NS, "realtime_coarse",
	      "CLOCK_REALTIME %lld, CLOCK_REALTIME_COARSE %lld", real, coarse);

	long long mono = ns_of(CLOCK_MONOTONIC, &ok1);
	coarse = ns_of(CLOCK_MONOTONIC_COARSE, &ok2);
	check(ok1 && ok2 && llabs(coarse - mono) < NS, "monotonic_coarse",
	      "CLOCK_MONOTONIC %lld, CLOCK_MONOTONIC_COARSE %lld", mono, coarse);

	/* BOOTTIME = MONOTONIC + time suspended: never less. */
	mono = ns_of(CLOCK_MONOTONIC, &ok1);
	long long boot = ns_of(CLOCK_BOOTTIME, &ok2);
	check(ok1 && ok2 && boot >= mono, "boottime",
	      "CLOCK_MONOTONIC %lld, then CLOCK_BOOTTIME %lld", mono, boot);

	check_errno("clock_gettime_bad_clock_einval",
	            syscall(SYS_clock_gettime, 12345, &(struct timespec){0, 0}), EINVAL,
	            "clock_gettime(12345)");

	/* gettimeofday and time agree with CLOCK_REALTIME: libc, then the system calls. */
	struct timeval tv, tv2;
	real = now_ns(CLOCK_REALTIME);
	int r1 = gettimeofday(&tv, NULL);
	int r2 = syscall(SYS_gettimeofday, &tv2, NULL);
	long t1 = time(NULL);
	long t2 = syscall(SYS_time, NULL);
	long long s = real / NS;
	check(r1 == 0 && r2 == 0 && llabs(tv.tv_sec - s) <= 1 && llabs(tv2.tv_sec - s) <= 1 &&
	          tv.tv_usec >= 0 && tv.tv_usec < 1000000 && tv2.tv_usec >= 0 &&
	          tv2.tv_usec < 1000000,
	      "gettimeofday_agrees",
	      "CLOCK_REALTIME %lld s; gettimeofday %ld.%06ld, syscall %ld.%06ld", s,
	      (long)tv.tv_sec, (long)tv.tv_usec, (long)tv2.tv_sec, (long)tv2.tv_usec);
	check(llabs(t1 - s) <= 1 && llabs(t2 - s) <= 1, "time_agrees",
	      "CLOCK_REALTIME %lld s; time() %ld, time syscall %ld", s, t1, t2);

	/* sysinfo's uptime is CLOCK_BOOTTIME in seconds. */
	struct sysinfo si;
	boot = now_ns(CLOCK_BOOTTIME) / NS;
	check(sysinfo(&si) == 0 && llabs((long long)si.uptime - boot) <= 2, "sysinfo_uptime",
	      "sysinfo uptime %ld s, CLOCK_BOOTTIME %lld s", si.uptime, boot);
}

static void misc(void)
{
	struct utsname u;
	int r = uname(&u);
	if (check(r == 0 && strcmp(u.machine, "x86_64") == 0, "uname", "uname = %d, machine \"%s\"",
	          r, r == 0 ? u.machine : "?"))
		info("sysname \"%s\" release \"%s\" version \"%s\" machine \"%s\"", u.sysname,
		     u.release, u.version, u.machine);

	struct rlimit rl;
	r = getrlimit(RLIMIT_STACK, &rl);
	check(r == 0 && rl.rlim_cur >= 64 * 1024 && rl.rlim_cur <= rl.rlim_max, "getrlimit_stack",
	      "getrlimit(RLIMIT_STACK) = %d: cur %llu max %llu", r, (unsigned long long)rl.rlim_cur,
	      (unsigned long long)rl.rlim_max);

	pid_t pid = getpid();
	check(pid > 0 && gettid() == pid && getppid() > 0 && getppid() != pid, "getpid_gettid",
	      "getpid %d gettid %d getppid %d", pid, gettid(), getppid());
	check(sched_yield() == 0, "sched_yield", "sched_yield failed: %s", errname(errno));

	/* A system call number that does not exist. */
	check_errno("unknown_syscall_enosys", syscall(100000), ENOSYS, "syscall(100000)");
	check_errno("unknown_syscall_1000_enosys", syscall(1000), ENOSYS, "syscall(1000)");

	/* No networking: socket() says so as Linux does for a family it was built without. */
	if (is_shmos())
		check_errno("socket_eafnosupport", socket(AF_UNIX, SOCK_STREAM, 0), EAFNOSUPPORT,
		            "socket(AF_UNIX, SOCK_STREAM)");
	else
		skip("socket_eafnosupport", "Linux has sockets");
}

static pid_t parent;
static void child_ids(void)
{
	if (getppid() != parent || gettid() != getpid() || getpid() == parent)
		child_fail("child: getpid %d gettid %d getppid %d, parent %d", getpid(), gettid(),
		           getppid(), parent);
}

/*
 * Each process has its own SSE registers: two processes that keep values in
 * xmm0-15 while they yield to each other (and get preempted) each find their
 * own values.  The kernel must save and restore them on every switch.
 */
static int sse_keeps(unsigned long seed)
{
	static unsigned long in[32], out[32];
	for (int i = 0; i < 32; i++)
		in[i] = seed * (i + 1);
	__asm__ volatile("movdqu 0x00(%0), %%xmm0\n\t"
	                 "movdqu 0x10(%0), %%xmm1\n\t"
	                 "movdqu 0x20(%0), %%xmm2\n\t"
	                 "movdqu 0x30(%0), %%xmm3\n\t"
	                 "movdqu 0x40(%0), %%xmm4\n\t"
	                 "movdqu 0x50(%0), %%xmm5\n\t"
	                 "movdqu 0x60(%0), %%xmm6\n\t"
	                 "movdqu 0x70(%0), %%xmm7\n\t"
	                 "movdqu 0x80(%0), %%xmm8\n\t"
	                 "movdqu 0x90(%0), %%xmm9\n\t"
	                 "movdqu 0xa0(%0), %%xmm10\n\t"
	                 "movdqu 0xb0(%0), %%xmm11\n\t"
	                 "movdqu 0xc0(%0), %%xmm12\n\t"
	                 "movdqu 0xd0(%0), %%xmm13\n\t"
	                 "movdqu 0xe0(%0), %%xmm14\n\t"
	                 "movdqu 0xf0(%0), %%xmm15\n\t"
	                 "mov $300, %%r12d\n"
	                 "1:\n\t"
	                 "mov $24, %%eax\n\t" /* SYS_sched_yield */
	                 "syscall\n\t"
	                 "mov $20000, %%r13d\n" /* and some time in user mode, for preemption */
	                 "2:\n\t"
	                 "dec %%r13d\n\t"
	                 "jnz 2b\n\t"
	                 "dec %%r12d\n\t"
	                 "jnz 1b\n\t"
	                 "movdqu %%xmm0, 0x00(%1)\n\t"
	                 "movdqu %%xmm1, 0x10(%1)\n\t"
	                 "movdqu %%xmm2, 0x20(%1)\n\t"
	                 "movdqu %%xmm3, 0x30(%1)\n\t"
	                 "movdqu %%xmm4, 0x40(%1)\n\t"
	                 "movdqu %%xmm5, 0x50(%1)\n\t"
	                 "movdqu %%xmm6, 0x60(%1)\n\t"
	                 "movdqu %%xmm7, 0x70(%1)\n\t"
	                 "movdqu %%xmm8, 0x80(%1)\n\t"
	                 "movdqu %%xmm9, 0x90(%1)\n\t"
	                 "movdqu %%xmm10, 0xa0(%1)\n\t"
	                 "movdqu %%xmm11, 0xb0(%1)\n\t"
	                 "movdqu %%xmm12, 0xc0(%1)\n\t"
	                 "movdqu %%xmm13, 0xd0(%1)\n\t"
	                 "movdqu %%xmm14, 0xe0(%1)\n\t"
	                 "movdqu %%xmm15, 0xf0(%1)"
	                 :
	                 : "r"(in), "r"(out)
	                 : "rax", "rcx", "r11", "r12", "r13", "xmm0", "xmm1", "xmm2", "xmm3",
	                   "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
	                   "xmm12", "xmm13", "xmm14", "xmm15", "memory");
	return memcmp(in, out, sizeof(in)) == 0;
}

static void sse_per_process(void)
{
	int status;
	check_current = "sse_registers_per_process";
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		_exit(sse_keeps(0x0123456789abcdefUL) ? 0 : 1);
	int mine = sse_keeps(0x0f1e2d3c4b5a6978UL);
	wait_child(pid, &status);
	check(mine && WIFEXITED(status) && WEXITSTATUS(status) == 0, "sse_registers_per_process",
	      "parent's registers kept: %d; child %s (1: its registers changed)", mine,
	      describe_status(status));
}

int main(void)
{
	check_init("clocks");
	parent = getpid();
	monotonic();
	clocks();
	misc();
	run_child("child_ids", child_ids);
	sse_per_process();
	return summary();
}
