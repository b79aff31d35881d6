/*
 * sem.h: System V semaphore sets, on the same ids layer as shared memory.
 * Buffers are kernel memory; kernel/sysipc.c copies to and from user space.
 */
#ifndef IPC_SEM_H
#define IPC_SEM_H

#include <stddef.h>
#include <stdint.h>

#include <asm/sembuf.h>
#include <linux/sem.h>

/* The limits /proc/sys/kernel/sem shows, in its order (Linux's defaults). */
struct sem_limits {
	int semmsl; /* semaphores per set */
	int semmns; /* semaphores in all sets */
	int semopm; /* operations per semop call */
	int semmni; /* sets */
};
extern struct sem_limits sem_limits;

struct proc;
struct procfs_text;

void sem_init(void);
long sem_get(int32_t key, int nsems, int semflg);
/* semop and semtimedop: timeout_ns < 0 means wait for ever. */
long sem_op(int semid, struct sembuf *sops, unsigned nsops, int64_t timeout_ns);
/* semctl: arg is union semun's value (an int, or a user pointer for GETALL/SETALL). */
long sem_ctl_value(int semid, int semnum, int cmd, int val);    /* GET*, SETVAL */
long sem_get_all(int semid, uint16_t *values, int *nsems);      /* GETALL: up to semmsl values */
long sem_set_all(int semid, const uint16_t *values, int nsems); /* SETALL */
long sem_nsems(int semid, int need_write);                      /* the set's size, for SETALL */
long sem_stat(int semid, int cmd, struct semid64_ds *out);      /* IPC_STAT, SEM_STAT(_ANY) */
long sem_set(int semid, const struct semid64_ds *in);           /* IPC_SET */
long sem_remove(int semid);                                     /* IPC_RMID */
long sem_info(int cmd, struct seminfo *out);                    /* IPC_INFO, SEM_INFO */

/* A process leaves: apply its SEM_UNDO adjustments, free its undo records. */
void sem_exit(struct proc *p);

int sem_show_sets(struct procfs_text *out, int pid); /* /proc/sysvipc/sem */
int sem_show_limits(struct procfs_text *out, int pid);
int sem_store_limits(const char *text, size_t len); /* /proc/sys/kernel/sem */
int sem_count(void);

#endif
