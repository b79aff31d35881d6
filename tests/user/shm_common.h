/*
 * shm_common.h: helpers shared by the System V shared-memory tests
 * (shm_*.c and ipctool.c).  Include it after check.h.
 *
 *   shm_require()          FAIL once and give up if the kernel has no shmget (ENOSYS)
 *   new_seg(name, size, mode)   an IPC_PRIVATE segment, removed by shm_summary()
 *   new_key_seg(name, key, size, mode)   the same with a key (an old one is removed first)
 *   seg_stat(id, &ds), nattch_of(id)     IPC_STAT, or just the attach count
 *   attach(id, addr, flags), want_addr()   shmat's result as a number, and its check
 *   overlaps(a, alen, b, blen)           do two address ranges overlap?
 *   free_frames()          shmos's exact FreeFrames count (-1 elsewhere)
 *
 * The helpers every IPC kind shares (want_err, run_counted, as_nobody,
 * with_sysctl, read_number, free_area, ...) are in ipc_common.h.
 *
 * Segments are removed at the end (shm_summary()), so a run on the host
 * Linux leaves nothing behind in `ipcs -m`.
 */
#ifndef SHMOS_TESTS_USER_SHM_COMMON_H
#define SHMOS_TESTS_USER_SHM_COMMON_H

#include "ipc_common.h"

#include <sys/resource.h>
#include <sys/shm.h>

#define PAGE 4096UL

/* The two calls ipc_common.h leaves to each kind. */
static inline int ipc_remove_id(int id)
{
	return shmctl(id, IPC_RMID, NULL);
}

static inline int ipc_id_of_key(key_t key)
{
	return shmget(key, 0, 0);
}

/* Raw system calls: what the kernel itself returns, without any libc in between. */
static inline long raw_shmget(long key, unsigned long size, long flags)
{
	return syscall(SYS_shmget, key, size, flags);
}

static inline long raw_shmctl(long id, long cmd, void *buf)
{
	return syscall(SYS_shmctl, id, cmd, buf);
}

/* An address result (shmat's, as a number) must be want. */
static inline int want_addr(const char *name, long got, long want, const char *what)
{
	int e = errno;
	return check(got == want, name, "%s returned %#lx (%s), expected %#lx", what, got,
	             got == -1 ? ename(e) : "no error", want);
}

/* shmat's result as a number: -1 on failure, as for the other calls. */
static inline long attach(int id, const void *addr, int flags)
{
	void *p = shmat(id, addr, flags);
	return p == (void *)-1 ? -1 : (long)p;
}

/* ------------------------------------------------- segments we created --- */

/* A new IPC_PRIVATE segment; on failure FAIL name and return -1. */
static inline int new_seg(const char *name, size_t size, int mode)
{
	return created(shmget(IPC_PRIVATE, size, IPC_CREAT | mode), name,
	               "shmget(IPC_PRIVATE, %zu, IPC_CREAT|0%o)", size, mode);
}

/* A new segment with this key (any old one is removed first); -1 and FAIL on failure. */
static inline int new_key_seg(const char *name, key_t key, size_t size, int mode)
{
	remove_key(key);
	return created(shmget(key, size, IPC_CREAT | IPC_EXCL | mode), name,
	               "shmget(0x%x, %zu, IPC_CREAT|IPC_EXCL|0%o)", (unsigned)key, size, mode);
}

static inline int seg_stat(int id, struct shmid_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	return shmctl(id, IPC_STAT, ds);
}

/* The segment's nattch, or -1 if IPC_STAT fails. */
static inline long nattch_of(int id)
{
	struct shmid_ds ds;
	return seg_stat(id, &ds) == 0 ? (long)ds.shm_nattch : -1;
}

/*
 * Call once after check_init(): if the kernel has no shmget (ENOSYS, as on
 * shmos before the shared-memory issue), say so in ONE failure and return
 * 0: the caller then ends with summary() instead of failing every check.
 */
static inline int shm_require(void)
{
	return ipc_require(shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600), "shmget_exists",
	                   "shmget returned ENOSYS: no System V shared memory");
}

static inline int shm_summary(void)
{
	return ipc_summary();
}

/* shmos counts free frames exactly (the FreeFrames line); Linux has no such line: -1. */
static inline long free_frames(void)
{
	return is_shmos() ? meminfo("FreeFrames") : -1;
}

/* ------------------------------------------------------------- memory --- */

/* Do [a, a+alen) and [b, b+blen) overlap? */
static inline int overlaps(uintptr_t a, size_t alen, uintptr_t b, size_t blen)
{
	return a < b + blen && b < a + alen;
}

#endif
