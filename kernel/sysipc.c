/*
 * sysipc.c: the System V shared-memory system calls.  Each checks and
 * copies its arguments, then calls ipc/shm.c, where the semantics live.
 * Also what ipc/ needs to know about the calling process.
 */
#include "include/uapi/errno.h"
#include "include/uapi/ipc.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "mm/kmalloc.h"

#include <linux/time_types.h>
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

long sys_shmctl(int shmid, int cmd, uintptr_t ubuf)
{
	/* Checked before anything else, even for the commands that ignore shmid. */
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
		RETURN_COPIED_OUT(ubuf, struct shminfo64, shm_ipc_info(&out));
	case SHM_INFO:
		RETURN_COPIED_OUT(ubuf, struct shm_info, shm_shm_info(&out));
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		RETURN_COPIED_OUT(ubuf, struct shmid64_ds, shm_stat(shmid, cmd, &out));
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

/* ------------------------------------------------------------ semaphores */

long sys_semget(int32_t key, int nsems, int semflg)
{
	return sem_get(key, nsems, semflg);
}

long sys_semtimedop(int semid, uintptr_t usops, unsigned nsops, uintptr_t utimeout)
{
	/* nsops is unsigned, as Linux: 2^31 is too big, not negative. */
	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > (unsigned)sem_limits.semopm)
		return -E2BIG;
	struct sembuf *sops = kmalloc(nsops * sizeof(*sops));
	if (!sops)
		return -ENOMEM;
	long r = copy_from_user(sops, usops, nsops * sizeof(*sops));
	int64_t timeout = -1;
	if (!r && utimeout) {
		struct __kernel_timespec ts;
		if (copy_from_user(&ts, utimeout, sizeof(ts)))
			r = -EFAULT;
		else if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			r = -EINVAL;
		else
			timeout = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
	if (!r)
		r = sem_op(semid, sops, nsops, timeout);
	kfree(sops);
	return r;
}

long sys_semop(int semid, uintptr_t usops, unsigned nsops)
{
	return sys_semtimedop(semid, usops, nsops, 0);
}

/* semctl's fourth argument is union semun, passed by value: an int or a pointer. */
long sys_semctl(int semid, int semnum, int cmd, uintptr_t arg)
{
	if (semid < 0)
		return -EINVAL;
	uintptr_t ubuf = arg;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		RETURN_COPIED_OUT(ubuf, struct seminfo, sem_info(cmd, &out));
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		RETURN_COPIED_OUT(ubuf, struct semid64_ds, sem_stat(semid, cmd, &out));
	case IPC_SET: {
		struct semid64_ds in;
		if (copy_from_user(&in, arg, sizeof(in))) /* before the lookup, as Linux */
			return -EFAULT;
		return sem_set(semid, &in);
	}
	case IPC_RMID:
		return sem_remove(semid);
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETVAL:
		return sem_ctl_value(semid, semnum, cmd, (int)arg);
	case GETALL:
	case SETALL: {
		long n = sem_nsems(semid, cmd == SETALL); /* EINVAL, then EACCES */
		if (n < 0)
			return n;
		uint16_t *values = kmalloc(n * sizeof(uint16_t));
		if (!values)
			return -ENOMEM;
		int count = n;
		long r;
		if (cmd == GETALL) {
			r = sem_get_all(semid, values, &count);
			if (!r && copy_to_user(arg, values, count * sizeof(uint16_t)))
				r = -EFAULT;
		} else {
			r = copy_from_user(values, arg, n * sizeof(uint16_t));
			if (!r)
				r = sem_set_all(semid, values, n);
		}
		kfree(values);
		return r;
	}
	default:
		return -EINVAL;
	}
}

/* ------------------------------------------------------------ the process */

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

uint64_t ipc_current_memlock(void)
{
	return myproc()->rlim[RLIMIT_MEMLOCK].rlim_cur;
}
