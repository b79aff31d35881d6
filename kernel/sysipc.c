/*
 * sysipc.c: the System V shared-memory system calls.  Each checks and
 * copies its arguments, then calls ipc/shm.c, where the semantics live.
 * Also what ipc/ needs to know about the calling process.
 */
#include "include/uapi/errno.h"
#include "include/uapi/ipc.h"
#include "ipc/shm.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"

long sys_shmget(int32_t key, uint64_t size, int shmflg)
{
	return shm_get(key, size, shmflg);
}

long sys_shmat(int shmid, uintptr_t shmaddr, int shmflg)
{
	uintptr_t addr = shmaddr;
	long err = shm_attach(shmid, &addr, shmflg);
	return err ? err : (long)addr;
}

long sys_shmdt(uintptr_t shmaddr)
{
	return shm_detach(shmaddr);
}

/* Run one of ipc/shm.c's commands, then copy its result out (EFAULT comes last, as Linux). */
#define STAT_AND_COPY(type, call)                                                                  \
	do {                                                                                       \
		type out;                                                                          \
		long r = (call);                                                                   \
		if (r < 0)                                                                         \
			return r;                                                                  \
		return copy_to_user(ubuf, &out, sizeof(out)) ? -EFAULT : r;                        \
	} while (0)

long sys_shmctl(int shmid, int cmd, uintptr_t ubuf)
{
	/* Checked before anything else, even for the commands that ignore shmid. */
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
		STAT_AND_COPY(struct shminfo64, shm_ipc_info(&out));
	case SHM_INFO:
		STAT_AND_COPY(struct shm_info, shm_shm_info(&out));
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		STAT_AND_COPY(struct shmid64_ds, shm_stat(shmid, cmd, &out));
	case IPC_SET: {
		struct shmid64_ds in;
		if (copy_from_user(&in, ubuf, sizeof(in))) /* before the lookup, as Linux */
			return -EFAULT;
		return shm_set(shmid, &in);
	}
	case IPC_RMID:
		return shm_remove(shmid);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shm_lock(shmid, cmd == SHM_LOCK);
	default: /* including cmd | IPC_64: x86-64 has no IPC_64 */
		return -EINVAL;
	}
}

const struct cred *ipc_current_cred(void)
{
	return &myproc()->cred;
}

int ipc_current_pid(void)
{
	return myproc()->pid;
}

int64_t ipc_now(void)
{
	return clock_realtime_ns() / 1000000000;
}

struct mm *ipc_current_mm(void)
{
	return myproc()->mm;
}
