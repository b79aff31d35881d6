/*
 * signals: sending, blocking, catching and ignoring signals; signals that
 * interrupt system calls; timers.
 *
 * How delivery works: a sent signal is first marked pending on the target.
 * Whenever the target is about to return to user mode and has a pending
 * signal that is not blocked, the kernel acts on it: the default action
 * (terminate, ignore...), nothing if ignored (SIG_IGN), or it builds a
 * signal frame on the user stack (all registers, the old signal mask) and
 * "returns" into the handler; the handler's return lands in musl's
 * __restore_rt, which calls rt_sigreturn to restore the frame.
 *
 * A signal a process sends to itself is therefore delivered before kill()
 * returns (POSIX requires it), and one that was blocked is delivered before
 * the sigprocmask() that unblocks it returns.
 *
 * A blocking system call (pause, nanosleep, wait4) interrupted by a handler
 * returns -1/EINTR, unless the handler was installed with SA_RESTART: then
 * the kernel restarts the call (pause and nanosleep are never restarted).
 *
 * No check sleeps to synchronise: we poll with a deadline, or wait4.
 */
#include "check.h"
#include <sys/time.h>

static volatile sig_atomic_t count, depth, max_depth, blocked_inside, usr2_blocked_inside;
static volatile sig_atomic_t info_signo, info_code, info_pid, info_uid, info_status;
static volatile pid_t victim; /* a child the SIGALRM handler kills */

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static void install_info(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void reset(void)
{
	count = depth = max_depth = blocked_inside = usr2_blocked_inside = 0;
	info_signo = info_code = info_pid = info_uid = info_status = 0;
}

static int is_blocked(int sig)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, sig);
}

static void block(int sig, int how)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(how, &set, NULL);
}

/* One-shot (or periodic) SIGALRM after ms milliseconds; 0 disarms. */
static void timer_ms(long ms, long interval_ms)
{
	struct itimerval it = {{interval_ms / 1000, (interval_ms % 1000) * 1000},
	                       {ms / 1000, (ms % 1000) * 1000}};
	setitimer(ITIMER_REAL, &it, NULL);
}

/* ------------------------------------------------------------- handlers --- */

static void counting(int sig)
{
	(void)sig;
	count++;
}

/* Sends itself the same signal once, from inside: nested if SA_NODEFER. */
static void reentering(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	blocked_inside = is_blocked(sig);
	usr2_blocked_inside = is_blocked(SIGUSR2);
	if (count++ == 0)
		kill(getpid(), sig);
	depth--;
}

static void recording(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	info_signo = sig == si->si_signo ? sig : -1;
	info_code = si->si_code;
	info_pid = si->si_pid;
	info_uid = si->si_uid;
	info_status = si->si_status;
	count++;
}

static void kill_victim(int sig)
{
	(void)sig;
	count++;
	if (victim > 0)
		kill(victim, SIGTERM);
}

/* A child that waits, without using the CPU, until it is killed. */
static pid_t spawn_sleeper(void)
{
	pid_t pid = check_fork();
	if (pid == 0)
		for (;;)
			pause();
	return pid;
}

/* ------------------------------------------------------------------ checks --- */

static void basic_delivery(void)
{
	reset();
	install(SIGUSR1, counting, 0);
	kill(getpid(), SIGUSR1);
	check(count == 1, "handler_runs", "the handler ran %d times before kill() returned",
	      (int)count);

	reset();
	install_info(SIGUSR1, recording, 0);
	kill(getpid(), SIGUSR1);
	check(info_signo == SIGUSR1 && info_code == SI_USER && info_pid == getpid() &&
	          info_uid == (int)getuid(),
	      "siginfo_kill", "si_signo %d si_code %d si_pid %d si_uid %d", (int)info_signo,
	      (int)info_code, (int)info_pid, (int)info_uid);

	/* From another process: si_pid says who. */
	reset();
	install_info(SIGUSR2, recording, 0);
	pid_t parent = getpid();
	check_current = "siginfo_from_child";
	pid_t pid = check_fork();
	if (pid == 0) {
		kill(parent, SIGUSR2);
		_exit(0);
	}
	int status;
	poll_flag(&count, 5000);
	wait_child(pid, &status);
	check(count == 1 && info_signo == SIGUSR2 && info_pid == pid && info_code == SI_USER,
	      "siginfo_from_child", "count %d si_signo %d si_pid %d (child %d) si_code %d",
	      (int)count, (int)info_signo, (int)info_pid, pid, (int)info_code);
	install(SIGUSR2, SIG_DFL, 0);
}

static void resethand(void)
{
	struct sigaction now;
	reset();
	install(SIGUSR1, counting, SA_RESETHAND);
	kill(getpid(), SIGUSR1);
	sigaction(SIGUSR1, NULL, &now);
	check(count == 1 && now.sa_handler == SIG_DFL, "sa_resethand",
	      "handler ran %d times; afterwards the disposition is %s", (int)count,
	      now.sa_handler == SIG_DFL ? "SIG_DFL" : "still the handler");
}

static void nodefer(void)
{
	/* Without SA_NODEFER the signal is blocked while its handler runs. */
	reset();
	install(SIGUSR1, reentering, 0);
	kill(getpid(), SIGUSR1);
	check(count == 2 && max_depth == 1 && blocked_inside && !is_blocked(SIGUSR1), "defer",
	      "handler ran %d times, max nesting %d, blocked inside: %d, blocked after: %d",
	      (int)count, (int)max_depth, (int)blocked_inside, is_blocked(SIGUSR1));

	/* With it, the handler's own kill() nests a second run inside the first. */
	reset();
	install(SIGUSR1, reentering, SA_NODEFER);
	kill(getpid(), SIGUSR1);
	check(count == 2 && max_depth == 2 && !blocked_inside, "sa_nodefer",
	      "handler ran %d times, max nesting %d (expected 2), blocked inside: %d", (int)count,
	      (int)max_depth, (int)blocked_inside);

	/* sa_mask: more signals blocked during the handler, and only then. */
	reset();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = reentering;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	check(usr2_blocked_inside && !is_blocked(SIGUSR2), "sa_mask",
	      "SIGUSR2 blocked inside the handler: %d, after: %d", (int)usr2_blocked_inside,
	      is_blocked(SIGUSR2));
	install(SIGUSR1, SIG_DFL, 0);
}

static void blocking(void)
{
	sigset_t pending;
	reset();
	install(SIGUSR1, counting, 0);
	block(SIGUSR1, SIG_BLOCK);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1); /* a second one merges with the first: not queued */
	sigpending(&pending);
	int ran_while_blocked = count;
	int was_pending = sigismember(&pending, SIGUSR1);

	/* fork: the child inherits the mask, but not the pending signal. */
	check_current = "fork_mask_not_pending";
	pid_t pid = check_fork();
	if (pid == 0) {
		sigset_t p;
		sigpending(&p);
		_exit(is_blocked(SIGUSR1) && !sigismember(&p, SIGUSR1) ? 0 : 1);
	}
	int status;
	wait_child(pid, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork_mask_not_pending",
	      "child %s (1: mask not inherited, or the parent's pending signal was)",
	      describe_status(status));

	block(SIGUSR1, SIG_UNBLOCK);
	check(ran_while_blocked == 0 && was_pending && count == 1, "blocked_then_delivered",
	      "ran while blocked: %d, pending: %d, runs after unblocking: %d (expected 1)",
	      ran_while_blocked, was_pending, (int)count);
	install(SIGUSR1, SIG_DFL, 0);
}

static void child_handler_inherited(void)
{
	/* The handler we installed before fork: the child runs it (on its own counter). */
	count = 0;
	kill(getpid(), SIGUSR1);
	if (count != 1)
		child_fail("the inherited handler ran %d times", (int)count);
}

/* sigaction(sig, handler) and sigaction(sig, SIG_IGN) must both fail with EINVAL. */
static void uncatchable_one(int sig, const char *name)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = counting;
	int r1 = sigaction(sig, &sa, NULL);
	int e1 = errno;
	sa.sa_handler = SIG_IGN;
	int r2 = sigaction(sig, &sa, NULL);
	int e2 = errno;
	check(r1 == -1 && e1 == EINVAL && r2 == -1 && e2 == EINVAL, name,
	      "sigaction(%s, handler) = %d/%s, (%s, SIG_IGN) = %d/%s", signame(sig), r1,
	      errname(e1), signame(sig), r2, errname(e2));
}

static void uncatchable(void)
{
	uncatchable_one(SIGKILL, "sigkill_uncatchable");
	uncatchable_one(SIGSTOP, "sigstop_uncatchable");
}

/* Blocking everything does not block SIGKILL: the kernel drops it from the mask. */
static void block_all_then_wait(void)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (is_blocked(SIGKILL) || is_blocked(SIGSTOP))
		_exit(3);
	for (;;)
		pause();
}

static void ignore_and_kill_self(void)
{
	signal(SIGUSR1, SIG_IGN);
	kill(getpid(), SIGUSR1);
	/* still alive: returning makes the child exit 0 */
}

static void default_actions(void)
{
	int status;
	run_child("sig_ign", ignore_and_kill_self);

	pid_t pid = spawn_sleeper();
	if (pid > 0) {
		kill(pid, SIGTERM);
		wait_child(pid, &status);
		check(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "sigterm_default_kills",
		      "child %s", describe_status(status));
	}

	check_current = "sigkill_unblockable";
	pid = check_fork();
	if (pid == 0)
		block_all_then_wait();
	if (pid > 0) {
		kill(pid, SIGKILL);
		wait_child(pid, &status);
		check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "sigkill_unblockable",
		      "child that blocked all signals %s (3: SIGKILL showed up in its mask)",
		      describe_status(status));
	}
}

static void sigchld(void)
{
	int status;
	reset();
	install_info(SIGCHLD, recording, 0);
	check_current = "sigchld";
	pid_t pid = check_fork();
	if (pid == 0)
		_exit(5);
	poll_flag(&count, 5000);
	wait_child(pid, &status);
	check(count == 1 && info_signo == SIGCHLD && info_pid == pid && info_code == CLD_EXITED &&
	          info_status == 5,
	      "sigchld",
	      "count %d si_signo %d si_pid %d (child %d) si_code %d (CLD_EXITED %d) si_status %d",
	      (int)count, (int)info_signo, (int)info_pid, pid, (int)info_code, CLD_EXITED,
	      (int)info_status);
	install(SIGCHLD, SIG_DFL, 0);
}

static void interrupted_calls(void)
{
	/*
	 * pause() only ever returns -1/EINTR, after a handler ran.  The timer is
	 * periodic in case the first tick comes before we are inside pause().
	 */
	reset();
	install(SIGALRM, counting, 0);
	timer_ms(50, 200);
	int r = pause();
	int e = errno;
	timer_ms(0, 0);
	check(r == -1 && e == EINTR && count >= 1, "pause_eintr", "pause() = %d/%s, handler ran %d",
	      r, errname(e), (int)count);

	/* nanosleep interrupted by alarm(): EINTR, and rem says how much was left. */
	reset();
	install(SIGALRM, counting, SA_RESTART); /* nanosleep is never restarted anyway */
	struct timespec req = {5, 0}, rem = {0, 0};
	long long t0 = now_ns(CLOCK_MONOTONIC);
	alarm(1);
	r = nanosleep(&req, &rem);
	e = errno;
	long long slept = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == -1 && e == EINTR && count == 1 && rem.tv_sec >= 3 && rem.tv_sec <= 4 &&
	          slept < 3000000000LL,
	      "nanosleep_eintr",
	      "nanosleep(5 s) = %d/%s after %lld ms, rem %ld.%09ld s, handler ran %d", r,
	      errname(e), slept / 1000000, (long)rem.tv_sec, rem.tv_nsec, (int)count);
	watchdog();
}

/*
 * wait4 for a child that only dies when our SIGALRM handler kills it.  With
 * SA_RESTART the wait4 interrupted by the handler is restarted and returns
 * the child; without, it returns -1/EINTR.  (The child also has its own
 * 3-second alarm, so a kernel that never interrupts wait4 gives a FAIL, not a
 * hang.)
 */
static void restart(int flags, const char *name)
{
	int status = 0;
	reset();
	install(SIGALRM, kill_victim, flags);
	check_current = name;
	pid_t pid = check_fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(3);
		for (;;)
			pause();
	}
	if (pid < 0)
		return;
	victim = flags ? pid : 0; /* without SA_RESTART the handler leaves it alive */
	timer_ms(100, 100);       /* periodic, in case a tick comes before wait4 blocks */
	pid_t r = wait4(pid, &status, 0, NULL);
	int e = errno;
	timer_ms(0, 0);
	if (flags)
		check(r == pid && count >= 1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
		      name, "wait4 = %d/%s, handler ran %d, child %s", r, errname(e), (int)count,
		      describe_status(status));
	else
		check(r == -1 && e == EINTR && count >= 1, name,
		      "wait4 = %d/%s (expected -1/EINTR), handler ran %d", r, errname(e),
		      (int)count);
	if (r != pid) {
		kill(pid, SIGKILL);
		wait_child(pid, &status);
	}
	victim = 0;
	watchdog();
}

static void timers(void)
{
	/* alarm(1): SIGALRM about a second later. */
	reset();
	install(SIGALRM, counting, 0);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	alarm(1);
	poll_flag(&count, 3000);
	long long ms = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	check(count == 1 && ms >= 900 && ms < 2500, "alarm_delivers",
	      "handler ran %d times, after %lld ms", (int)count, ms);

	/* setitimer: 50 ms one-shot. */
	reset();
	t0 = now_ns(CLOCK_MONOTONIC);
	timer_ms(50, 0);
	poll_flag(&count, 2000);
	ms = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	check(count == 1 && ms >= 49 && ms < 1500, "setitimer_delivers",
	      "handler ran %d times, after %lld ms", (int)count, ms);

	/* A periodic timer keeps firing; getitimer reads it; 0 disarms it. */
	reset();
	timer_ms(20, 20);
	long long deadline = now_ns(CLOCK_MONOTONIC) + 2000000000LL;
	while (count < 3 && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();
	struct itimerval it;
	getitimer(ITIMER_REAL, &it);
	int interval_ok = it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 20000;
	timer_ms(0, 0);
	getitimer(ITIMER_REAL, &it);
	check(count >= 3 && interval_ok && it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0,
	      "setitimer_periodic",
	      "fired %d times in 2 s; interval read back ok: %d; disarmed: %d", (int)count,
	      interval_ok, it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0);

	/* alarm() returns the seconds left on the previous alarm. */
	alarm(10);
	unsigned left = alarm(0);
	check(left == 10 || left == 9, "alarm_returns_remaining",
	      "alarm(10) then alarm(0) returned %u", left);

	timer_ms(5000, 0);
	getitimer(ITIMER_REAL, &it);
	timer_ms(0, 0);
	check(it.it_value.tv_sec == 4 || (it.it_value.tv_sec == 5 && it.it_value.tv_usec == 0),
	      "getitimer_remaining", "5 s timer read back as %ld.%06ld s", (long)it.it_value.tv_sec,
	      (long)it.it_value.tv_usec);
	watchdog();
}

static void kill_errors(void)
{
	int status;
	check(kill(getpid(), 0) == 0, "kill_sig0_self", "kill(getpid(), 0) failed: %s",
	      errname(errno));

	/* A child that has been reaped no longer exists. */
	check_current = "kill_esrch";
	pid_t pid = check_fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		wait_child(pid, &status);
		check_errno("kill_esrch", kill(pid, SIGTERM), ESRCH, "kill(reaped child, SIGTERM)");
		check_errno("kill_sig0_esrch", kill(pid, 0), ESRCH, "kill(reaped child, 0)");
	}
	check_errno("kill_bad_signal_einval", kill(getpid(), 1000), EINVAL, "kill(self, 1000)");
	check_errno("sigaction_bad_signal_einval", syscall(SYS_rt_sigaction, 1000, NULL, NULL, 8),
	            EINVAL, "rt_sigaction(1000)");
}

/*
 * The interrupted code gets ALL its registers back, even those the handler
 * (an ordinary C function) may freely clobber: rdx, rsi, rdi, r8-r10 and the
 * SSE registers.  Only rcx and r11 are lost, to the syscall instruction
 * itself, and rax holds kill()'s result.
 */
static volatile sig_atomic_t clobbered;
static void clobbering(int sig)
{
	(void)sig;
	__asm__ volatile("xor %%edx, %%edx\n\t"
	                 "xor %%esi, %%esi\n\t"
	                 "xor %%edi, %%edi\n\t"
	                 "xor %%r8d, %%r8d\n\t"
	                 "xor %%r9d, %%r9d\n\t"
	                 "xor %%r10d, %%r10d\n\t"
	                 "pxor %%xmm0, %%xmm0\n\t"
	                 "pxor %%xmm1, %%xmm1\n\t"
	                 "pxor %%xmm7, %%xmm7\n\t"
	                 "pxor %%xmm8, %%xmm8\n\t"
	                 "pxor %%xmm15, %%xmm15" ::
	                     : "rdx", "rsi", "rdi", "r8", "r9", "r10", "xmm0", "xmm1", "xmm7",
	                       "xmm8", "xmm15");
	clobbered = 1;
}

static void registers_kept(void)
{
	/* out[0..5]: rdx r8 r9 r10 rdi rsi; out[6]: rax; out[8..]: xmm0..15 (2 words each). */
	static unsigned long in[32], out[48];
	register unsigned long *outp __asm__("r15") = out;
	unsigned long *inp = in;

	install(SIGUSR1, clobbering, 0);
	for (int i = 0; i < 32; i++)
		in[i] = 0x0101010101010101UL * (i + 1);
	__asm__ volatile("movdqu 0x00(%%rax), %%xmm0\n\t"
	                 "movdqu 0x10(%%rax), %%xmm1\n\t"
	                 "movdqu 0x20(%%rax), %%xmm2\n\t"
	                 "movdqu 0x30(%%rax), %%xmm3\n\t"
	                 "movdqu 0x40(%%rax), %%xmm4\n\t"
	                 "movdqu 0x50(%%rax), %%xmm5\n\t"
	                 "movdqu 0x60(%%rax), %%xmm6\n\t"
	                 "movdqu 0x70(%%rax), %%xmm7\n\t"
	                 "movdqu 0x80(%%rax), %%xmm8\n\t"
	                 "movdqu 0x90(%%rax), %%xmm9\n\t"
	                 "movdqu 0xa0(%%rax), %%xmm10\n\t"
	                 "movdqu 0xb0(%%rax), %%xmm11\n\t"
	                 "movdqu 0xc0(%%rax), %%xmm12\n\t"
	                 "movdqu 0xd0(%%rax), %%xmm13\n\t"
	                 "movdqu 0xe0(%%rax), %%xmm14\n\t"
	                 "movdqu 0xf0(%%rax), %%xmm15\n\t"
	                 "movabs $0x1111111111111111, %%rdx\n\t"
	                 "movabs $0x2222222222222222, %%r8\n\t"
	                 "movabs $0x3333333333333333, %%r9\n\t"
	                 "movabs $0x4444444444444444, %%r10\n\t"
	                 "mov $62, %%eax\n\t" /* SYS_kill(rdi = pid, rsi = SIGUSR1) */
	                 "syscall\n\t"
	                 "mov %%rdx, 0x00(%%r15)\n\t"
	                 "mov %%r8, 0x08(%%r15)\n\t"
	                 "mov %%r9, 0x10(%%r15)\n\t"
	                 "mov %%r10, 0x18(%%r15)\n\t"
	                 "mov %%rdi, 0x20(%%r15)\n\t"
	                 "mov %%rsi, 0x28(%%r15)\n\t"
	                 "mov %%rax, 0x30(%%r15)\n\t"
	                 "movdqu %%xmm0, 0x40(%%r15)\n\t"
	                 "movdqu %%xmm1, 0x50(%%r15)\n\t"
	                 "movdqu %%xmm2, 0x60(%%r15)\n\t"
	                 "movdqu %%xmm3, 0x70(%%r15)\n\t"
	                 "movdqu %%xmm4, 0x80(%%r15)\n\t"
	                 "movdqu %%xmm5, 0x90(%%r15)\n\t"
	                 "movdqu %%xmm6, 0xa0(%%r15)\n\t"
	                 "movdqu %%xmm7, 0xb0(%%r15)\n\t"
	                 "movdqu %%xmm8, 0xc0(%%r15)\n\t"
	                 "movdqu %%xmm9, 0xd0(%%r15)\n\t"
	                 "movdqu %%xmm10, 0xe0(%%r15)\n\t"
	                 "movdqu %%xmm11, 0xf0(%%r15)\n\t"
	                 "movdqu %%xmm12, 0x100(%%r15)\n\t"
	                 "movdqu %%xmm13, 0x110(%%r15)\n\t"
	                 "movdqu %%xmm14, 0x120(%%r15)\n\t"
	                 "movdqu %%xmm15, 0x130(%%r15)"
	                 : "+a"(inp)
	                 : "D"((long)getpid()), "S"((long)SIGUSR1), "r"(outp)
	                 : "rcx", "r11", "rdx", "r8", "r9", "r10", "xmm0", "xmm1", "xmm2", "xmm3",
	                   "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
	                   "xmm12", "xmm13", "xmm14", "xmm15", "memory");

	if (!clobbered)
		child_fail("the handler did not run");
	static const unsigned long want[] = {0x1111111111111111UL, 0x2222222222222222UL,
	                                     0x3333333333333333UL, 0x4444444444444444UL};
	static const char *const names[] = {"rdx", "r8", "r9", "r10"};
	for (int i = 0; i < 4; i++)
		if (out[i] != want[i])
			child_fail("%s is %#lx after the handler, was %#lx", names[i], out[i],
			           want[i]);
	if (out[4] != (unsigned long)getpid() || out[5] != SIGUSR1)
		child_fail("rdi/rsi are %#lx/%#lx after the handler", out[4], out[5]);
	if (out[6] != 0)
		child_fail("kill returned %#lx in rax", out[6]);
	for (int i = 0; i < 32; i++)
		if (out[8 + i] != in[i])
			child_fail("xmm%d is wrong after the handler (%#lx, was %#lx)", i / 2,
			           out[8 + i], in[i]);
}

int main(void)
{
	check_init("signals");
	basic_delivery();
	resethand();
	nodefer();
	blocking();
	install(SIGUSR1, counting, 0);
	run_child("fork_inherits_handler", child_handler_inherited);
	install(SIGUSR1, SIG_DFL, 0);
	uncatchable();
	default_actions();
	sigchld();
	interrupted_calls();
	restart(SA_RESTART, "wait4_sa_restart");
	restart(0, "wait4_eintr");
	timers();
	kill_errors();
	run_child("handler_keeps_registers", registers_kept);
	return summary();
}
