/*
 * shm.h: System V shared-memory segments.
 *
 * A segment is an ids-layer object (ipc/util.h) that owns one shared
 * memory object (mm/memobj.h).  Attaching maps the object into the
 * caller's address space (mm_map_object); the pages arrive on first touch,
 * through the page-fault handler, and every attach in every process maps
 * the same frames.  Functions return a value or a negative errno; buffers
 * are kernel memory (kernel/sysipc.c copies to and from user space).
 */
#ifndef IPC_SHM_H
#define IPC_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "include/uapi/ipc.h"
#include "kernel/cred.h"

struct mm;

/* The limits, as Linux's defaults; settable on the command line (shmmax=, shmall=,
 * shmmni=) and by root through /proc/sys/kernel/shm{max,all,mni}. */
struct shm_limits {
	uint64_t shmmax; /* bytes, largest segment */
	uint64_t shmall; /* pages, all segments together */
	uint64_t shmmni; /* number of segments */
};
extern struct shm_limits shm_limits;

void shm_init(void);

long shm_get(int32_t key, uint64_t size, int shmflg);
/* Attach; the address is returned through *addr (in: the requested one, or 0). */
long shm_attach(int shmid, uintptr_t *addr, int shmflg);
long shm_detach(uintptr_t addr);

/* shmctl, one function per command group. */
long shm_stat(int shmid, int cmd, struct shmid64_ds *out); /* IPC_STAT, SHM_STAT(_ANY) */
long shm_set(int shmid, const struct shmid64_ds *in);      /* IPC_SET */
long shm_remove(int shmid);                                /* IPC_RMID */
long shm_lock(int shmid, bool lock);                       /* SHM_LOCK, SHM_UNLOCK */
long shm_ipc_info(struct shminfo64 *out);                  /* IPC_INFO */
long shm_shm_info(struct shm_info *out);                   /* SHM_INFO */

/* /proc/sysvipc/shm and /proc/sys/kernel/shm{max,all,mni} (fs/procfs.c's table). */
struct procfs_text;
int shm_show_segments(struct procfs_text *out, int pid);
int shm_show_shmmax(struct procfs_text *out, int pid);
int shm_show_shmall(struct procfs_text *out, int pid);
int shm_show_shmmni(struct procfs_text *out, int pid);
int shm_store_shmmax(const char *text, size_t len);
int shm_store_shmall(const char *text, size_t len);
int shm_store_shmmni(const char *text, size_t len);
/* Segments that exist (the end-of-run leak check names them). */
int shm_count(void);

/* What shm needs from the rest of the kernel: kernel/sysipc.c provides these,
 * the host unit tests (tests/unit/test_shm.c) fake them. */
const struct cred *ipc_current_cred(void);
int ipc_current_pid(void);
int64_t ipc_now(void); /* seconds since 1970 */
struct mm *ipc_current_mm(void);
uint64_t ipc_current_memlock(void); /* RLIMIT_MEMLOCK's soft limit */

#endif
