/*
 * systime.c: clocks and sleeping.
 */
#include <linux/time.h>

#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"

#define NS_PER_S 1000000000ULL
#define TICK_NS  (NS_PER_S / HZ)

static int clock_read(int clock, uint64_t *ns)
{
	struct proc *p = myproc();
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		*ns = clock_realtime_ns();
		return 0;
	case CLOCK_REALTIME_COARSE:
		*ns = clock_realtime_ns() / TICK_NS * TICK_NS;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		*ns = clock_ns();
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		*ns = clock_ns() / TICK_NS * TICK_NS;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (p->user_ticks + p->system_ticks) * TICK_NS;
		return 0;
	default:
		return -EINVAL;
	}
}

static struct __kernel_timespec to_timespec(uint64_t ns)
{
	return (struct __kernel_timespec){ns / NS_PER_S, ns % NS_PER_S};
}

long sys_clock_gettime(int clock, uintptr_t utp)
{
	uint64_t ns;
	int err = clock_read(clock, &ns);
	if (err)
		return err;
	struct __kernel_timespec ts = to_timespec(ns);
	return copy_to_user(utp, &ts, sizeof(ts));
}

long sys_clock_getres(int clock, uintptr_t utp)
{
	uint64_t ns;
	int err = clock_read(clock, &ns);
	if (err)
		return err;
	bool coarse = clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE ||
	              clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID;
	struct __kernel_timespec ts = to_timespec(coarse ? TICK_NS : 1);
	return utp ? copy_to_user(utp, &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(uintptr_t utv, uintptr_t utz)
{
	uint64_t ns = clock_realtime_ns();
	struct __kernel_old_timeval tv = {ns / NS_PER_S, (ns % NS_PER_S) / 1000};
	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	struct timezone tz = {0, 0};
	if (utz && copy_to_user(utz, &tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

long sys_time(uintptr_t ut)
{
	int64_t t = clock_realtime_ns() / NS_PER_S;
	if (ut && copy_to_user(ut, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

/*
 * Sleep until clock `clock` reads `deadline`.  The timer interrupt wakes
 * every sleeper on &ticks each tick; each checks its own deadline.  A
 * signal ends the sleep early: nanosleep is never restarted after a
 * handler (signal(7)), so the caller reports the time left.
 */
static long sleep_until(int clock, uint64_t deadline)
{
	struct proc *p = myproc();
	uint64_t now;
	spin_lock(&proc_lock);
	for (;;) {
		clock_read(clock, &now);
		if (now >= deadline)
			break;
		if (signal_pending(p)) {
			spin_unlock(&proc_lock);
			return -EINTR;
		}
		sleep_on(TICK_CHANNEL, &proc_lock);
	}
	spin_unlock(&proc_lock);
	return 0;
}

static int read_request(uintptr_t ureq, uint64_t *ns)
{
	struct __kernel_timespec req;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= (long long)NS_PER_S)
		return -EINVAL;
	*ns = (uint64_t)req.tv_sec * NS_PER_S + req.tv_nsec;
	return 0;
}

static long relative_sleep(int clock, uint64_t ns, uintptr_t urem)
{
	uint64_t start;
	clock_read(clock, &start);
	long r = sleep_until(clock, start + ns);
	if (r == -EINTR && urem) {
		uint64_t now;
		clock_read(clock, &now);
		struct __kernel_timespec rem = to_timespec(start + ns > now ? start + ns - now : 0);
		if (copy_to_user(urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return r;
}

long sys_nanosleep(uintptr_t ureq, uintptr_t urem)
{
	uint64_t ns;
	int err = read_request(ureq, &ns);
	return err ? err : relative_sleep(CLOCK_MONOTONIC, ns, urem);
}

long sys_clock_nanosleep(int clock, int flags, uintptr_t ureq, uintptr_t urem)
{
	uint64_t ns, now;
	if (clock == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	int err = clock_read(clock, &now);
	if (!err)
		err = read_request(ureq, &ns);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME)
		return sleep_until(clock, ns);
	return relative_sleep(clock, ns, urem);
}
