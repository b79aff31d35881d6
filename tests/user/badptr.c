/*
 * badptr: system calls given bad pointers fail with EFAULT, and the process
 * (and the kernel) live on.
 *
 * The kernel must never trust a pointer that comes from user space: before
 * it reads or writes through one, it checks that the whole range lies in the
 * user half of the address space and is mapped with the right access, or it
 * catches the fault on the way.  Each check below hands one pointer argument
 * of one system call five bad values:
 *
 *   NULL                  the classic (left out where NULL means "none")
 *   1                     unmapped, and misaligned
 *   0xffffffff80000000    a kernel address: mapped, but not for us
 *   0x0000800000000000    non-canonical: the hole between user and kernel
 *                         half, where a CPU access faults with #GP, not #PF
 *   a just-unmapped page  was valid a moment ago
 *
 * We call the kernel directly with syscall(2): libc wrappers might touch the
 * pointer themselves first (and crash in user space), or use the vDSO.
 */
#include "check.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>

#define NBAD 5
static void *bad[NBAD];
static const char *const bad_name[NBAD] = {"NULL", "1", "kernel 0xffffffff80000000",
                                           "non-canonical 0x0000800000000000", "unmapped page"};

#define NULL_OK 1 /* flag: NULL is a valid value for this argument, skip it */

static int data_fd;             /* /data/hello.txt, open for reading */
static const char *data_file;   /* its path */
static const char *minimal_elf; /* /data/badelf/minimal: a valid program (exits 42) */

static void init_bad_pointers(void)
{
	bad[0] = NULL;
	bad[1] = (void *)1;
	bad[2] = (void *)0xffffffff80000000UL;
	bad[3] = (void *)0x0000800000000000UL;
	bad[4] = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(bad[4], 4096);
}

/*
 * Call fn with every bad pointer; each call must return -1 with EFAULT.
 * Returns NULL if all did, else a description of the first that did not.
 */
static const char *try_all(long (*fn)(void *), int flags)
{
	static char why[200];
	for (int i = 0; i < NBAD; i++) {
		if (i == 0 && (flags & NULL_OK))
			continue;
		errno = 0;
		long r = fn(bad[i]);
		if (r != -1 || errno != EFAULT) {
			snprintf(why, sizeof(why),
			         "with pointer %s: returned %ld, errno %s, expected -1/EFAULT",
			         bad_name[i], r, errname(errno));
			return why;
		}
	}
	return NULL;
}

static void check_all(const char *name, long (*fn)(void *), int flags)
{
	const char *why = try_all(fn, flags);
	check(why == NULL, name, "%s", why);
}

/* The same in a child, for calls that change the process (or might replace it). */
static long (*child_fn)(void *);
static int child_flags;
static void child_try_all(void)
{
	const char *why = try_all(child_fn, child_flags);
	if (why)
		child_fail("%s", why);
}
static void check_all_in_child(const char *name, long (*fn)(void *), int flags)
{
	child_fn = fn;
	child_flags = flags;
	run_child(name, child_try_all);
}

/* ------------------------------------------------- the calls, one by one --- */

static long do_read(void *p)
{
	lseek(data_fd, 0, SEEK_SET);
	return syscall(SYS_read, data_fd, p, 8);
}
static long do_write(void *p)
{
	return syscall(SYS_write, 1, p, 8);
}
static long do_writev_iov(void *p)
{
	return syscall(SYS_writev, 1, p, 1);
}
static long do_writev_base(void *p)
{
	struct iovec iov = {p, 8};
	return syscall(SYS_writev, 1, &iov, 1);
}
static long do_open(void *p)
{
	return syscall(SYS_open, p, O_RDONLY);
}
static long do_openat(void *p)
{
	return syscall(SYS_openat, AT_FDCWD, p, O_RDONLY);
}
static long do_stat_path(void *p)
{
	struct stat st;
	return syscall(SYS_stat, p, &st);
}
static long do_stat_buf(void *p)
{
	return syscall(SYS_stat, data_file, p);
}
static long do_newfstatat_path(void *p)
{
	struct stat st;
	return syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0);
}
static long do_newfstatat_buf(void *p)
{
	return syscall(SYS_newfstatat, AT_FDCWD, data_file, p, 0);
}
static long do_fstat(void *p)
{
	return syscall(SYS_fstat, data_fd, p);
}

/* wait4 writes the status of a dead child: make a fresh one for each try. */
static long do_wait4(void *p)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	long r = syscall(SYS_wait4, pid, p, 0, NULL);
	int e = errno;
	waitpid(pid, NULL, 0); /* in case the kernel refused before reaping */
	errno = e;
	return r;
}

static long do_sigaction_act(void *p)
{
	return syscall(SYS_rt_sigaction, SIGUSR1, p, NULL, 8);
}
static long do_sigaction_oldact(void *p)
{
	return syscall(SYS_rt_sigaction, SIGUSR1, NULL, p, 8);
}
static long do_sigprocmask_set(void *p)
{
	return syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, NULL, 8);
}
static long do_sigprocmask_oldset(void *p)
{
	sigset_t none;
	sigemptyset(&none);
	return syscall(SYS_rt_sigprocmask, SIG_BLOCK, &none, p, 8);
}
static long do_sigpending(void *p)
{
	return syscall(SYS_rt_sigpending, p, 8);
}
static long do_nanosleep(void *p)
{
	return syscall(SYS_nanosleep, p, NULL);
}
static long do_clock_gettime(void *p)
{
	return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p);
}
static long do_gettimeofday(void *p)
{
	return syscall(SYS_gettimeofday, p, NULL);
}
static long do_uname(void *p)
{
	return syscall(SYS_uname, p);
}
static long do_getrlimit(void *p)
{
	return syscall(SYS_getrlimit, RLIMIT_STACK, p);
}
static long do_prlimit_new(void *p)
{
	return syscall(SYS_prlimit64, 0, RLIMIT_STACK, p, NULL);
}
static long do_prlimit_old(void *p)
{
	return syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, p);
}
static long do_sysinfo(void *p)
{
	return syscall(SYS_sysinfo, p);
}
static long do_getresuid(void *p)
{
	uid_t a, b;
	return syscall(SYS_getresuid, p, &a, &b);
}
static long do_getresgid(void *p)
{
	gid_t a, b;
	return syscall(SYS_getresgid, &a, &b, p);
}
static long do_setitimer_new(void *p)
{
	return syscall(SYS_setitimer, ITIMER_REAL, p, NULL);
}
static long do_setitimer_old(void *p)
{
	struct itimerval zero = {{0, 0}, {0, 0}};
	return syscall(SYS_setitimer, ITIMER_REAL, &zero, p);
}
static long do_getitimer(void *p)
{
	return syscall(SYS_getitimer, ITIMER_REAL, p);
}

/* Supplementary groups: only root may set them, so these run as root only. */
static long do_setgroups(void *p)
{
	return syscall(SYS_setgroups, 2, p);
}
static long do_getgroups(void *p)
{
	gid_t two[2] = {1, 2};
	setgroups(2, two); /* so that there is something to copy out */
	return syscall(SYS_getgroups, 4, p);
}

/* execve: if the kernel wrongly accepted, it would run minimal (exit 42). */
static char *good_argv[] = {"minimal", NULL};
static long do_execve_path(void *p)
{
	return syscall(SYS_execve, p, good_argv, good_argv + 1);
}
static long do_execve_argv(void *p)
{
	return syscall(SYS_execve, minimal_elf, p, good_argv + 1);
}
static long do_execve_argv_elem(void *p)
{
	char *argv[] = {"minimal", p, NULL};
	return syscall(SYS_execve, minimal_elf, argv, good_argv + 1);
}
static long do_execve_envp(void *p)
{
	return syscall(SYS_execve, minimal_elf, good_argv, p);
}
static long do_execve_envp_elem(void *p)
{
	char *envp[] = {"A=1", p, NULL};
	return syscall(SYS_execve, minimal_elf, good_argv, envp);
}

/*
 * set_tid_address only stores the pointer (the kernel writes 0 there when a
 * thread exits, for pthread_join): it cannot fail, and a bad value must not
 * hurt the process's exit.
 */
static void set_tid_address_bad(void)
{
	for (int i = 0; i < NBAD; i++) {
		int status;
		pid_t pid = fork();
		if (pid == 0) {
			long r = syscall(SYS_set_tid_address, bad[i]);
			_exit(r == getpid() ? 0 : 1);
		}
		if (pid < 0 || wait_child(pid, &status) < 0 || status != 0)
			child_fail("set_tid_address(%s): child %s (1: it did not return the tid)",
			           bad_name[i], pid < 0 ? "not forked" : describe_status(status));
	}
}

/*
 * The FS base register (musl's thread pointer) cannot be set to a kernel or
 * non-canonical address: writing that to the MSR would fault in the kernel.
 * Linux says EPERM.  No libc here: if the call wrongly succeeded, anything
 * using the thread pointer (errno!) would crash.
 */
static long raw_syscall2(long nr, long a, long b)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}
static void arch_prctl_bad_fs(void)
{
	if (raw_syscall2(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, (long)bad[2]) != -EPERM)
		raw_syscall2(SYS_exit_group, 10, 0);
	if (raw_syscall2(SYS_arch_prctl, 0x1002, (long)bad[3]) != -EPERM)
		raw_syscall2(SYS_exit_group, 11, 0);
}

int main(void)
{
	check_init("badptr");
	init_bad_pointers();
	data_file = root_path("/data/hello.txt");
	minimal_elf = root_path("/data/badelf/minimal");
	data_fd = open(data_file, O_RDONLY);
	if (data_fd < 0) {
		fail("open_data", "cannot open %s: %s", data_file, errname(errno));
		return summary();
	}

	check_all("read_buf", do_read, 0);
	check_all("write_buf", do_write, 0);
	check_all("writev_iov", do_writev_iov, 0);
	check_all("writev_iov_base", do_writev_base, 0);
	check_all("open_path", do_open, 0);
	check_all("openat_path", do_openat, 0);
	check_all("stat_path", do_stat_path, 0);
	check_all("stat_buf", do_stat_buf, 0);
	check_all("newfstatat_path", do_newfstatat_path, 0);
	check_all("newfstatat_buf", do_newfstatat_buf, 0);
	check_all("fstat_buf", do_fstat, 0);
	check_all("wait4_status", do_wait4, NULL_OK);
	check_all_in_child("rt_sigaction_act", do_sigaction_act, NULL_OK);
	check_all("rt_sigaction_oldact", do_sigaction_oldact, NULL_OK);
	check_all_in_child("rt_sigprocmask_set", do_sigprocmask_set, NULL_OK);
	check_all("rt_sigprocmask_oldset", do_sigprocmask_oldset, NULL_OK);
	check_all("rt_sigpending_set", do_sigpending, 0);
	check_all("nanosleep_req", do_nanosleep, 0);
	check_all("clock_gettime_tp", do_clock_gettime, 0);
	check_all("gettimeofday_tv", do_gettimeofday, NULL_OK);
	check_all("uname_buf", do_uname, 0);
	check_all("getrlimit_buf", do_getrlimit, 0);
	check_all_in_child("prlimit64_new", do_prlimit_new, NULL_OK);
	check_all("prlimit64_old", do_prlimit_old, NULL_OK);
	check_all("sysinfo_buf", do_sysinfo, 0);
	check_all("getresuid_ptr", do_getresuid, 0);
	check_all("getresgid_ptr", do_getresgid, 0);
	check_all_in_child("setitimer_new", do_setitimer_new, NULL_OK);
	check_all("setitimer_old", do_setitimer_old, NULL_OK);
	check_all("getitimer_buf", do_getitimer, 0);
	if (geteuid() == 0) {
		check_all_in_child("setgroups_list", do_setgroups, 0);
		check_all_in_child("getgroups_list", do_getgroups, 0);
	} else {
		skip("setgroups_list", "not running as root");
		skip("getgroups_list", "not running as root");
	}
	check_all_in_child("execve_path", do_execve_path, 0);
	check_all_in_child("execve_argv", do_execve_argv, NULL_OK);
	check_all_in_child("execve_argv_string", do_execve_argv_elem, NULL_OK);
	check_all_in_child("execve_envp", do_execve_envp, NULL_OK);
	check_all_in_child("execve_envp_string", do_execve_envp_elem, NULL_OK);
	run_child("set_tid_address_any", set_tid_address_bad);
	run_child("arch_prctl_bad_fs_eperm", arch_prctl_bad_fs);

	/* Still here, and the kernel still answers. */
	check(getpid() > 0 && close(data_fd) == 0, "survived", "the process is damaged");
	return summary();
}
