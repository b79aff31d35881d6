/*
 * sysproc.c: system calls about processes.
 */
#include <linux/reboot.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/utsname.h>

#include "include/uapi/errno.h"
#include "include/uapi/wait.h"
#include "kernel/clock.h"
#include "kernel/exec.h"
#include "kernel/kernel.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/memlayout.h"
#include "mm/uvm.h"

#define ARCH_SET_FS      0x1002
#define ARCH_GET_FS      0x1003
#define MAX_EXEC_STRINGS 4096

long sys_fork(void)
{
	return proc_fork();
}

/* vfork: a plain fork is a correct (if slower) vfork. */
long sys_vfork(void)
{
	return proc_fork();
}

/* clone: only what fork needs (musl's fork and posix_spawn use fork or vfork semantics). */
long sys_clone(uint64_t flags, uintptr_t stack, uintptr_t parent_tid, uintptr_t child_tid,
               uint64_t tls)
{
	(void)parent_tid, (void)child_tid, (void)tls;
	uint64_t allowed = CSIGNAL | CLONE_VFORK | CLONE_VM;
	if ((flags & ~allowed) || (flags & CSIGNAL) != SIGCHLD)
		return -EINVAL; /* threads are not supported */
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL;
	long pid = proc_fork();
	/* CLONE_VM|CLONE_VFORK with a stack (posix_spawn): the child runs on that stack. */
	if (pid > 0 && stack) {
		struct proc *c = 0;
		spin_lock(&proc_lock);
		c = proc_find(pid);
		if (c)
			c->tf->rsp = stack;
		spin_unlock(&proc_lock);
	}
	return pid;
}

/* Copy a NULL-terminated array of user strings into args. */
static int copy_string_array(struct exec_args *args, uintptr_t uarray, int is_env)
{
	if (!uarray)
		return 0;
	for (int i = 0;; i++) {
		if (i == MAX_EXEC_STRINGS)
			return -E2BIG;
		uint64_t ustr;
		if (copy_from_user(&ustr, uarray + i * 8, 8))
			return -EFAULT;
		if (!ustr)
			return 0;
		char *dst = exec_args_room(args, 0);
		if (!dst)
			return -E2BIG;
		size_t room = EXEC_ARGS_MAX - args->used;
		long n = strncpy_from_user(dst, ustr, room);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		exec_args_commit(args, n, is_env);
	}
}

long sys_execve(uintptr_t upath, uintptr_t argv, uintptr_t envp)
{
	char path[256];
	long n = strncpy_from_user(path, upath, sizeof(path));
	if (n < 0)
		return n;
	struct exec_args args;
	int err = exec_args_init(&args);
	if (!err)
		err = copy_string_array(&args, argv, 0);
	if (!err)
		err = copy_string_array(&args, envp, 1);
	if (!err)
		err = exec_program(myproc(), path, &args);
	exec_args_free(&args);
	/* On success the trapframe holds the new program's registers: rax = 0. */
	return err;
}

long sys_exit(int code)
{
	proc_exit(W_EXITCODE(code));
}

long sys_exit_group(int code)
{
	proc_exit(W_EXITCODE(code));
}

long sys_wait4(int pid, uintptr_t ustatus, int options, uintptr_t urusage)
{
	if (pid == INT32_MIN)
		return -ESRCH;
	if ((ustatus && !user_range_ok(ustatus, sizeof(int))) ||
	    (urusage && !user_range_ok(urusage, sizeof(struct rusage))))
		return -EFAULT;
	int status = 0;
	long r = proc_wait(pid, &status, options);
	if (r <= 0)
		return r;
	if (ustatus && copy_to_user(ustatus, &status, sizeof(status)))
		return -EFAULT;
	if (urusage) {
		struct rusage ru = {0};
		if (copy_to_user(urusage, &ru, sizeof(ru)))
			return -EFAULT;
	}
	return r;
}

/* reboot(2): power off, halt or restart, for root.  Here all three end the run. */
long sys_reboot(int magic1, int magic2, unsigned cmd, uintptr_t arg)
{
	(void)arg;
	if (myproc()->cred.euid != 0)
		return -EPERM;
	if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
	case LINUX_REBOOT_CMD_RESTART:
		printk("reboot: powering off\n");
		power_off(0);
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_getpid(void)
{
	return myproc()->pid;
}

long sys_getppid(void)
{
	struct proc *parent = myproc()->parent;
	return parent ? parent->pid : 0;
}

/* One thread per process: the thread id is the process id. */
long sys_gettid(void)
{
	return myproc()->pid;
}

long sys_set_tid_address(uintptr_t tidptr)
{
	myproc()->clear_child_tid = tidptr;
	return myproc()->pid;
}

long sys_arch_prctl(int code, uint64_t addr)
{
	struct proc *p = myproc();
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM; /* a kernel or non-canonical TLS base: refused, as Linux */
		p->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(addr, &p->fs_base, sizeof(p->fs_base));
	default:
		return -EINVAL;
	}
}

long sys_sched_yield(void)
{
	yield();
	return 0;
}

long sys_uname(uintptr_t ubuf)
{
	struct new_utsname u;
	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "shmos", sizeof(u.sysname));
	strlcpy(u.nodename, "shmos", sizeof(u.nodename));
	strlcpy(u.release, SHMOS_VERSION, sizeof(u.release));
	strlcpy(u.version, "shmos " SHMOS_VERSION " (a teaching kernel)", sizeof(u.version));
	strlcpy(u.machine, "x86_64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(ubuf, &u, sizeof(u));
}

/* struct sysinfo of <linux/sysinfo.h>; freeram is exact: the leak tests read it. */
long sys_sysinfo(uintptr_t uinfo)
{
	struct {
		int64_t uptime;
		uint64_t loads[3];
		uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint64_t totalhigh, freehigh;
		uint32_t mem_unit;
		char reserved[4];
	} info;
	memset(&info, 0, sizeof(info));
	_Static_assert(sizeof(info) == 112, "struct sysinfo is 112 bytes on x86-64");
	info.uptime = clock_ns() / 1000000000;
	info.totalram = frame_total_count() * PAGE_SIZE;
	info.freeram = frame_free_count() * PAGE_SIZE;
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		info.procs += p->state != P_UNUSED;
	info.mem_unit = 1;
	return copy_to_user(uinfo, &info, sizeof(info));
}

/*
 * Resource limits: each process has its own (struct proc), inherited by
 * fork, with Linux's rules for changing them: the soft limit may not pass
 * the hard one, and only root may raise a hard limit.  Few are enforced
 * (RLIMIT_MEMLOCK is: SHM_LOCK reads it); the rest are kept and reported.
 */
void rlimit_defaults(struct rlimit64 *rlim)
{
	for (int r = 0; r < RLIM_NLIMITS; r++)
		rlim[r].rlim_cur = rlim[r].rlim_max = RLIM64_INFINITY;
	rlim[RLIMIT_STACK].rlim_cur = 8UL << 20;
	rlim[RLIMIT_NOFILE].rlim_cur = rlim[RLIMIT_NOFILE].rlim_max = NOFILE;
	rlim[RLIMIT_NPROC].rlim_cur = rlim[RLIMIT_NPROC].rlim_max = NPROC;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_MEMLOCK].rlim_cur = rlim[RLIMIT_MEMLOCK].rlim_max = 8UL
	                                                                << 20; /* Linux's 8 MiB */
}

long sys_prlimit64(int pid, unsigned resource, uintptr_t new_rlim, uintptr_t old_rlim)
{
	struct proc *p = myproc();
	if (pid != 0 && pid != p->pid)
		return -ESRCH; /* another process's limits: not supported */
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit64 old = p->rlim[resource], want;
	if (new_rlim) {
		if (copy_from_user(&want, new_rlim, sizeof(want)))
			return -EFAULT;
		if (want.rlim_cur > want.rlim_max)
			return -EINVAL;
		if (want.rlim_max > old.rlim_max && p->cred.euid != 0)
			return -EPERM;
	}
	if (old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	if (new_rlim)
		p->rlim[resource] = want;
	return 0;
}

long sys_getrlimit(unsigned resource, uintptr_t rlim)
{
	if (!rlim)
		return -EFAULT;
	return sys_prlimit64(0, resource, 0, rlim);
}

long sys_setrlimit(unsigned resource, uintptr_t rlim)
{
	if (!rlim)
		return -EFAULT;
	return sys_prlimit64(0, resource, rlim, 0);
}

static void ticks_to_timeval(uint64_t t, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = t / HZ;
	tv->tv_usec = (t % HZ) * (1000000 / HZ);
}

long sys_getrusage(int who, uintptr_t uusage)
{
	struct proc *p = myproc();
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	if (who == RUSAGE_SELF) {
		ticks_to_timeval(p->user_ticks, &ru.ru_utime);
		ticks_to_timeval(p->system_ticks, &ru.ru_stime);
	} else if (who == RUSAGE_CHILDREN) {
		ticks_to_timeval(p->child_user_ticks, &ru.ru_utime);
		ticks_to_timeval(p->child_system_ticks, &ru.ru_stime);
	} else {
		return -EINVAL;
	}
	return copy_to_user(uusage, &ru, sizeof(ru));
}

long sys_times(uintptr_t ubuf)
{
	struct proc *p = myproc();
	int64_t t[4] = {p->user_ticks, p->system_ticks, p->child_user_ticks, p->child_system_ticks};
	if (ubuf && copy_to_user(ubuf, t, sizeof(t)))
		return -EFAULT;
	return (long)ticks;
}

/*
 * Process groups and sessions, with Linux's rules: a process may move
 * itself or a child that has not exec'd... (we do not track exec, so any
 * child) into a group of its own session; session leaders cannot move.
 */
long sys_setpgid(int pid, int pgid)
{
	struct proc *self = myproc();
	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	long err = 0;
	struct proc *p = pid == 0 ? self : proc_find(pid);
	if (!p || (p != self && p->parent != self))
		err = -ESRCH;
	else if (p->sid != self->sid)
		err = -EPERM; /* a child in another session */
	else if (p->pid == p->sid)
		err = -EPERM; /* a session leader cannot change its group */
	if (!err) {
		if (pgid == 0)
			pgid = p->pid;
		if (pgid != p->pid) {
			/* Joining an existing group: it must exist in the same session. */
			bool found = false;
			for (struct proc *q = procs; q < &procs[NPROC]; q++)
				if (q->state != P_UNUSED && q->pgid == pgid && q->sid == self->sid)
					found = true;
			if (!found)
				err = -EPERM;
		}
	}
	if (!err)
		p->pgid = pgid;
	spin_unlock(&proc_lock);
	return err;
}

long sys_getpgid(int pid)
{
	spin_lock(&proc_lock);
	struct proc *p = pid == 0 ? myproc() : proc_find(pid);
	long r = p ? p->pgid : -ESRCH;
	spin_unlock(&proc_lock);
	return r;
}

long sys_getpgrp(void)
{
	return myproc()->pgid;
}

long sys_setsid(void)
{
	struct proc *self = myproc();
	spin_lock(&proc_lock);
	long r = self->pid;
	/* Fails if any process already uses our pid as its group id (we lead a group). */
	for (struct proc *q = procs; q < &procs[NPROC]; q++)
		if (q->state != P_UNUSED && q->pgid == self->pid)
			r = -EPERM;
	if (r > 0)
		self->sid = self->pgid = self->pid;
	spin_unlock(&proc_lock);
	return r;
}

long sys_getsid(int pid)
{
	spin_lock(&proc_lock);
	struct proc *p = pid == 0 ? myproc() : proc_find(pid);
	long r = p ? p->sid : -ESRCH;
	spin_unlock(&proc_lock);
	return r;
}
