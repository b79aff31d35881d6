/*
 * syspoll.c: poll, ppoll, select, pselect6: wait until some file is ready.
 *
 * Each round asks every file whether it is ready now (file_poll).  If none
 * is and time remains, the caller sleeps on the VFS's poll channel, which
 * pipes and terminals wake whenever their state changes, and which the
 * timer also wakes every tick (so a missed wakeup costs at most one tick).
 */
#include <asm/poll.h>
#include <linux/posix_types.h>
#include <linux/time.h>

#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"
#include "mm/kmalloc.h"

#define MAX_POLLFDS 1024
#define NO_DEADLINE UINT64_MAX

struct file *fd_file(int fd);

/* Fill in revents for every entry; returns how many have something to report. */
static int poll_round(struct pollfd *fds, unsigned n)
{
	int ready = 0;
	for (unsigned i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		struct file *f = fd_file(fds[i].fd);
		unsigned mask = f ? file_poll(f) : POLLNVAL;
		/* POLLHUP, POLLERR and POLLNVAL are reported whether asked for or not. */
		fds[i].revents = mask & (fds[i].events | POLLHUP | POLLERR | POLLNVAL);
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/* The core of all four calls: returns the number ready, 0 on timeout, or -EINTR. */
static long do_poll(struct pollfd *fds, unsigned n, uint64_t deadline)
{
	struct proc *p = myproc();
	for (;;) {
		int ready = poll_round(fds, n);
		if (ready || clock_ns() >= deadline)
			return ready;
		spin_lock(&proc_lock);
		if (signal_pending(p)) {
			spin_unlock(&proc_lock);
			return -ERESTARTNOHAND;
		}
		sleep_on(&vfs_poll_channel, &proc_lock);
		spin_unlock(&proc_lock);
	}
}

static uint64_t deadline_after_ns(uint64_t ns)
{
	uint64_t now = clock_ns();
	return ns > NO_DEADLINE - now ? NO_DEADLINE : now + ns;
}

static long poll_user(uintptr_t ufds, unsigned nfds, uint64_t deadline)
{
	if (nfds > MAX_POLLFDS)
		return -EINVAL;
	struct pollfd *fds = kmalloc((nfds ? nfds : 1) * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	long r = copy_from_user(fds, ufds, nfds * sizeof(*fds));
	if (!r)
		r = do_poll(fds, nfds, deadline);
	if (r >= 0) {
		for (unsigned i = 0; i < nfds && r >= 0; i++) /* only revents changes */
			if (copy_to_user(ufds + i * sizeof(*fds) + offsetof(struct pollfd, revents),
			                 &fds[i].revents, sizeof(fds[i].revents)))
				r = -EFAULT;
	}
	kfree(fds);
	return r;
}

long sys_poll(uintptr_t ufds, unsigned nfds, int timeout_ms)
{
	uint64_t deadline =
	    timeout_ms < 0 ? NO_DEADLINE : deadline_after_ns(timeout_ms * 1000000ULL);
	return poll_user(ufds, nfds, deadline);
}

static int timespec_deadline(uintptr_t uts, uint64_t *deadline)
{
	*deadline = NO_DEADLINE;
	if (!uts)
		return 0;
	struct __kernel_timespec ts;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*deadline = deadline_after_ns((uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
	return 0;
}

/* ppoll/pselect's signal mask: in force while waiting, the old one back afterwards. */
static int swap_mask(uintptr_t usigmask, size_t sigsetsize)
{
	if (!usigmask)
		return 0;
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	uint64_t mask;
	if (copy_from_user(&mask, usigmask, sizeof(mask)))
		return -EFAULT;
	struct proc *p = myproc();
	spin_lock(&proc_lock);
	p->sig.saved_mask = p->sig.blocked;
	p->sig.restore_saved_mask = true; /* signal.c puts it back on the way out */
	p->sig.blocked = mask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	spin_unlock(&proc_lock);
	return 0;
}

long sys_ppoll(uintptr_t ufds, unsigned nfds, uintptr_t tsp, uintptr_t sigmask, size_t sigsetsize)
{
	uint64_t deadline;
	int err = timespec_deadline(tsp, &deadline);
	if (!err)
		err = swap_mask(sigmask, sigsetsize);
	return err ? err : poll_user(ufds, nfds, deadline);
}

/* select: the three fd_sets become a pollfd array, and back. */
static long do_select(int nfds, uintptr_t ur, uintptr_t uw, uintptr_t ue, uint64_t deadline)
{
	if (nfds < 0 || nfds > NOFILE * 32)
		return -EINVAL;
	if (nfds > NOFILE)
		nfds = NOFILE;
	size_t bytes = (nfds + 63) / 64 * 8;
	uint64_t in[3][(NOFILE + 63) / 64] = {{0}}, out[3][(NOFILE + 63) / 64] = {{0}};
	uintptr_t user[3] = {ur, uw, ue};
	for (int k = 0; k < 3; k++)
		if (user[k] && copy_from_user(in[k], user[k], bytes))
			return -EFAULT;
	struct pollfd fds[NOFILE];
	unsigned n = 0;
	static const short want[3] = {POLLIN | POLLRDNORM, POLLOUT | POLLWRNORM, POLLPRI};
	for (int fd = 0; fd < nfds; fd++) {
		short events = 0;
		for (int k = 0; k < 3; k++)
			if (in[k][fd / 64] & (1UL << (fd % 64)))
				events |= want[k];
		if (events)
			fds[n++] = (struct pollfd){fd, events, 0};
	}
	long r = do_poll(fds, n, deadline);
	if (r < 0)
		return r;
	long count = 0;
	for (unsigned i = 0; i < n; i++) {
		if (fds[i].revents & POLLNVAL)
			return -EBADF;
		short got = fds[i].revents;
		/* A hang-up makes a reader ready (it will read end of file), as Linux says. */
		bool ready[3] = {got & (POLLIN | POLLRDNORM | POLLHUP | POLLERR),
		                 got & (POLLOUT | POLLWRNORM | POLLERR), got & POLLPRI};
		for (int k = 0; k < 3; k++) {
			if (ready[k] && (fds[i].events & want[k])) {
				out[k][fds[i].fd / 64] |= 1UL << (fds[i].fd % 64);
				count++;
			}
		}
	}
	for (int k = 0; k < 3; k++)
		if (user[k] && copy_to_user(user[k], out[k], bytes))
			return -EFAULT;
	return count;
}

long sys_select(int nfds, uintptr_t r, uintptr_t w, uintptr_t e, uintptr_t utv)
{
	uint64_t deadline = NO_DEADLINE;
	if (utv) {
		struct __kernel_old_timeval tv;
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		deadline = deadline_after_ns((uint64_t)tv.tv_sec * 1000000000 + tv.tv_usec * 1000);
	}
	return do_select(nfds, r, w, e, deadline);
}

long sys_pselect6(int nfds, uintptr_t r, uintptr_t w, uintptr_t e, uintptr_t uts, uintptr_t usig)
{
	uint64_t deadline;
	int err = timespec_deadline(uts, &deadline);
	if (err)
		return err;
	if (usig) { /* { const sigset_t *ss; size_t ss_len; } */
		uint64_t pair[2];
		if (copy_from_user(pair, usig, sizeof(pair)))
			return -EFAULT;
		if ((err = swap_mask(pair[0], pair[1])))
			return err;
	}
	return do_select(nfds, r, w, e, deadline);
}
