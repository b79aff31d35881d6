/*
 * syscalls.h: the system-call handlers, one per line of syscall_list.h.
 * Each checks and copies its arguments and calls the subsystem that does
 * the work.  Pointers from user space arrive as uintptr_t: they may only
 * be used through kernel/usercopy.h.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

/* sysproc.c */
long sys_fork(void);
long sys_vfork(void);
long sys_clone(uint64_t flags, uintptr_t stack, uintptr_t parent_tid, uintptr_t child_tid,
               uint64_t tls);
long sys_execve(uintptr_t path, uintptr_t argv, uintptr_t envp);
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(int pid, uintptr_t status, int options, uintptr_t rusage);
long sys_reboot(int magic1, int magic2, unsigned cmd, uintptr_t arg);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_set_tid_address(uintptr_t tidptr);
long sys_arch_prctl(int code, uint64_t addr);
long sys_sched_yield(void);
long sys_uname(uintptr_t buf);
long sys_sysinfo(uintptr_t info);
long sys_getrlimit(unsigned resource, uintptr_t rlim);
long sys_setrlimit(unsigned resource, uintptr_t rlim);
long sys_prlimit64(int pid, unsigned resource, uintptr_t new_rlim, uintptr_t old_rlim);
long sys_getrusage(int who, uintptr_t usage);
long sys_times(uintptr_t buf);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(int pid);

/* syscred.c */
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_setuid(uint32_t uid);
long sys_setgid(uint32_t gid);
long sys_setreuid(uint32_t ruid, uint32_t euid);
long sys_setregid(uint32_t rgid, uint32_t egid);
long sys_setresuid(uint32_t ruid, uint32_t euid, uint32_t suid);
long sys_setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid);
long sys_getresuid(uintptr_t ruid, uintptr_t euid, uintptr_t suid);
long sys_getresgid(uintptr_t rgid, uintptr_t egid, uintptr_t sgid);
long sys_getgroups(int size, uintptr_t list);
long sys_setgroups(int size, uintptr_t list);
long sys_setfsuid(uint32_t uid);
long sys_setfsgid(uint32_t gid);

/* sysmem.c */
long sys_brk(uintptr_t addr);
long sys_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, int64_t offset);
long sys_munmap(uintptr_t addr, size_t len);
long sys_mprotect(uintptr_t addr, size_t len, int prot);
long sys_mremap(uintptr_t addr, size_t old_len, size_t new_len, int flags, uintptr_t new_addr);
long sys_madvise(uintptr_t addr, size_t len, int advice);

/* syssignal.c, signal.c */
long sys_rt_sigaction(int sig, uintptr_t act, uintptr_t oldact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, uintptr_t set, uintptr_t oldset, size_t sigsetsize);
long sys_rt_sigreturn(void);
long sys_rt_sigpending(uintptr_t set, size_t sigsetsize);
long sys_rt_sigsuspend(uintptr_t mask, size_t sigsetsize);
long sys_sigaltstack(uintptr_t ss, uintptr_t old_ss);
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_pause(void);
long sys_alarm(unsigned seconds);
long sys_setitimer(int which, uintptr_t value, uintptr_t old);
long sys_getitimer(int which, uintptr_t value);

/* systime.c */
long sys_clock_gettime(int clock, uintptr_t tp);
long sys_clock_getres(int clock, uintptr_t tp);
long sys_gettimeofday(uintptr_t tv, uintptr_t tz);
long sys_time(uintptr_t t);
long sys_nanosleep(uintptr_t req, uintptr_t rem);
long sys_clock_nanosleep(int clock, int flags, uintptr_t req, uintptr_t rem);

/* sysfile.c */
long sys_read(int fd, uintptr_t buf, size_t n);
long sys_write(int fd, uintptr_t buf, size_t n);
long sys_readv(int fd, uintptr_t iov, int iovcnt);
long sys_writev(int fd, uintptr_t iov, int iovcnt);
long sys_pread64(int fd, uintptr_t buf, size_t n, int64_t offset);
long sys_pwrite64(int fd, uintptr_t buf, size_t n, int64_t offset);
long sys_open(uintptr_t path, int flags, int mode);
long sys_openat(int dirfd, uintptr_t path, int flags, int mode);
long sys_creat(uintptr_t path, int mode);
long sys_close(int fd);
long sys_lseek(int fd, int64_t offset, int whence);
long sys_fstat(int fd, uintptr_t st);
long sys_stat(uintptr_t path, uintptr_t st);
long sys_lstat(uintptr_t path, uintptr_t st);
long sys_newfstatat(int dirfd, uintptr_t path, uintptr_t st, int flags);
long sys_getdents64(int fd, uintptr_t buf, unsigned size);
long sys_mkdir(uintptr_t path, int mode);
long sys_mkdirat(int dirfd, uintptr_t path, int mode);
long sys_rmdir(uintptr_t path);
long sys_unlink(uintptr_t path);
long sys_unlinkat(int dirfd, uintptr_t path, int flags);
long sys_rename(uintptr_t oldpath, uintptr_t newpath);
long sys_renameat(int olddirfd, uintptr_t oldpath, int newdirfd, uintptr_t newpath);
long sys_renameat2(int olddirfd, uintptr_t oldpath, int newdirfd, uintptr_t newpath,
                   unsigned flags);
long sys_link(uintptr_t oldpath, uintptr_t newpath);
long sys_linkat(int olddirfd, uintptr_t oldpath, int newdirfd, uintptr_t newpath, int flags);
long sys_chdir(uintptr_t path);
long sys_fchdir(int fd);
long sys_getcwd(uintptr_t buf, size_t size);
long sys_umask(int mask);
long sys_chmod(uintptr_t path, int mode);
long sys_fchmod(int fd, int mode);
long sys_fchmodat(int dirfd, uintptr_t path, int mode);
long sys_chown(uintptr_t path, uint32_t uid, uint32_t gid);
long sys_lchown(uintptr_t path, uint32_t uid, uint32_t gid);
long sys_fchown(int fd, uint32_t uid, uint32_t gid);
long sys_fchownat(int dirfd, uintptr_t path, uint32_t uid, uint32_t gid, int flags);
long sys_truncate(uintptr_t path, int64_t length);
long sys_ftruncate(int fd, int64_t length);
long sys_access(uintptr_t path, int mode);
long sys_faccessat(int dirfd, uintptr_t path, int mode);
long sys_readlink(uintptr_t path, uintptr_t buf, size_t size);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_sync(void);
long sys_syncfs(int fd);
long sys_socket(int domain, int type, int protocol);
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, int cmd, uint64_t arg);
long sys_pipe(uintptr_t fds);
long sys_pipe2(uintptr_t fds, int flags);
long sys_ioctl(int fd, unsigned long cmd, uintptr_t arg);

/* sysipc.c */
long sys_shmget(int32_t key, uint64_t size, int shmflg);
long sys_shmat(int shmid, uintptr_t shmaddr, int shmflg);
long sys_shmdt(uintptr_t shmaddr);
long sys_shmctl(int shmid, int cmd, uintptr_t buf);
long sys_semget(int32_t key, int nsems, int semflg);
long sys_semop(int semid, uintptr_t sops, unsigned nsops);
long sys_semtimedop(int semid, uintptr_t sops, unsigned nsops, uintptr_t timeout);
long sys_semctl(int semid, int semnum, int cmd, uintptr_t arg);

/* sysmsg.c */
long sys_msgget(int32_t key, int msgflg);
long sys_msgsnd(int msqid, uintptr_t msgp, size_t msgsz, int msgflg);
long sys_msgrcv(int msqid, uintptr_t msgp, size_t msgsz, long msgtyp, int msgflg);
long sys_msgctl(int msqid, int cmd, uintptr_t buf);

/* syspoll.c */
long sys_poll(uintptr_t fds, unsigned nfds, int timeout_ms);
long sys_ppoll(uintptr_t fds, unsigned nfds, uintptr_t tsp, uintptr_t sigmask, size_t sigsetsize);
long sys_select(int nfds, uintptr_t readfds, uintptr_t writefds, uintptr_t exceptfds,
                uintptr_t timeout);
long sys_pselect6(int nfds, uintptr_t readfds, uintptr_t writefds, uintptr_t exceptfds,
                  uintptr_t timeout, uintptr_t sigmask);

#endif
