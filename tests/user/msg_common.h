/*
 * msg_common.h: helpers shared by the System V message-queue tests
 * (msg_*.c).  Include it after check.h.
 *
 *   msg_require()              FAIL once and give up if the kernel has no msgget (ENOSYS)
 *   new_queue(name, mode)      an IPC_PRIVATE queue, removed by msg_summary()
 *   new_key_queue(name, key, mode)   the same with a key (an old queue with it goes first)
 *   put(id, type, text, len, flags), get(id, buf, size, type, flags)
 *                              msgsnd / msgrcv of struct msgbuf_n
 *   qstat(id, &ds), qnum_of(id)          IPC_STAT, or just the message count
 *   wait_sleeping(pid), wait_state(pid, c)   poll /proc/PID/stat (deadline, no sleep)
 *   kernel_heap()              shmos's exact KernelHeapBytes (-1 elsewhere)
 *   cap_sys_resource()         may this process exceed msgmnb?
 *
 * The helpers every IPC kind shares (want_err, want_val, run_counted,
 * as_nobody, with_sysctl, read_long, exit_code_of, ...) are in ipc_common.h.
 *
 * Queues are removed at the end, so a run on the host Linux leaves
 * nothing behind in `ipcs -q`.
 */
#ifndef SHMOS_TESTS_USER_MSG_COMMON_H
#define SHMOS_TESTS_USER_MSG_COMMON_H

#include "ipc_common.h"

#include <sys/msg.h>

#define MSGTEXT 16384

/* Not in musl's headers (Linux 3.8+, CONFIG_CHECKPOINT_RESTORE): <linux/msg.h>. */
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

/* A message buffer as msgsnd/msgrcv take it: mtype, then the text (msgsz counts the text). */
struct msgbuf_n {
	long mtype;
	char mtext[MSGTEXT];
};

/* The two calls ipc_common.h leaves to each kind. */
static inline int ipc_remove_id(int id)
{
	return msgctl(id, IPC_RMID, NULL);
}

static inline int ipc_id_of_key(key_t key)
{
	return msgget(key, 0);
}

/* Raw system calls: what the kernel returns, without any libc in between. */
static inline long raw_msgsnd(long id, const void *msgp, unsigned long size, long flags)
{
	return syscall(SYS_msgsnd, id, msgp, size, flags);
}

static inline long raw_msgrcv(long id, void *msgp, unsigned long size, long type, long flags)
{
	return syscall(SYS_msgrcv, id, msgp, size, type, flags);
}

static inline long raw_msgctl(long id, long cmd, void *buf)
{
	return syscall(SYS_msgctl, id, cmd, buf);
}

/*
 * A PROT_NONE page right after a readable and writable one: the kernel's
 * copy from it must fail (EFAULT), also for a buffer that runs into it.
 */
static inline void *guard_page(void)
{
	char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED)
		return NULL;
	mprotect(pages + 4096, 4096, PROT_NONE);
	return pages + 4096;
}

/* ------------------------------------------------- queues we created --- */

/* A new IPC_PRIVATE queue; on failure FAIL name and return -1. */
static inline int new_queue(const char *name, int mode)
{
	return created(msgget(IPC_PRIVATE, IPC_CREAT | mode), name,
	               "msgget(IPC_PRIVATE, IPC_CREAT|0%o)", mode);
}

/* A new queue with this key (any old one is removed first); -1 and FAIL on failure. */
static inline int new_key_queue(const char *name, key_t key, int mode)
{
	remove_key(key);
	return created(msgget(key, IPC_CREAT | IPC_EXCL | mode), name,
	               "msgget(0x%x, IPC_CREAT|IPC_EXCL|0%o)", (unsigned)key, mode);
}

static inline int qstat(int id, struct msqid_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	return msgctl(id, IPC_STAT, ds);
}

/* The number of messages queued, or -1 if IPC_STAT fails. */
static inline long qnum_of(int id)
{
	struct msqid_ds ds;
	return qstat(id, &ds) == 0 ? (long)ds.msg_qnum : -1;
}

/* msgsnd of len bytes of text (NULL: zeros). */
static inline int put(int id, long type, const char *text, size_t len, int flags)
{
	static struct msgbuf_n m;
	m.mtype = type;
	if (text)
		memcpy(m.mtext, text, len);
	else
		memset(m.mtext, 0, len);
	return msgsnd(id, &m, len, flags);
}

/* msgrcv into m: the text length, or -1. */
static inline long get(int id, struct msgbuf_n *m, size_t size, long type, int flags)
{
	memset(m, 0, sizeof(*m));
	return msgrcv(id, m, size, type, flags);
}

/*
 * Call once after check_init(): if the kernel has no msgget (ENOSYS),
 * say so in ONE failure and return 0: the caller then ends with
 * msg_summary() instead of failing every check.
 */
static inline int msg_require(void)
{
	return ipc_require(msgget(IPC_PRIVATE, 0600), "msgget_exists",
	                   "msgget returned ENOSYS: no System V message queues");
}

static inline int msg_summary(void)
{
	return ipc_summary();
}

/* shmos's exact KernelHeapBytes from /proc/meminfo; -1 on Linux, which has no such line. */
static inline long kernel_heap(void)
{
	return is_shmos() ? meminfo("KernelHeapBytes") : -1;
}

/* ---------------------------------------------------- other processes --- */

/* The state letter of /proc/PID/stat (R, S, T, Z...), or '?'. */
static inline char proc_state(pid_t pid)
{
	char path[64], text[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_text(path, text, sizeof(text)) <= 0)
		return '?';
	char *paren = strrchr(text, ')'); /* the name may hold spaces */
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

/* Poll (no sleeping) until pid is in state c, for at most 5 s.  1 if it got there. */
static inline int wait_state(pid_t pid, char c)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	while (proc_state(pid) != c)
		if (now_ns(CLOCK_MONOTONIC) > deadline)
			return 0;
		else
			sched_yield();
	return 1;
}

/* pid is asleep in the kernel: in these tests, blocked in msgsnd or msgrcv. */
static inline int wait_sleeping(pid_t pid)
{
	return wait_state(pid, 'S');
}

/* Does this process have CAP_SYS_RESOURCE?  Root on shmos always; on Linux, per CapEff. */
static inline int cap_sys_resource(void)
{
	char text[4096];
	if (is_shmos())
		return geteuid() == 0;
	if (read_text("/proc/self/status", text, sizeof(text)) <= 0)
		return 0;
	char *line = strstr(text, "CapEff:");
	return line && (strtoull(line + 7, NULL, 16) >> 24 & 1);
}

#endif
