/*
 * shmdemo: the whole life of a System V shared memory segment, in one program.
 *
 *   shmget   create a segment (IPC_PRIVATE: a new one, known only by its id)
 *   shmat    attach it: the kernel maps it into our memory and says where
 *   ...      use it like any other memory
 *   shmctl   IPC_STAT: what the kernel knows about it (size, attaches, ...)
 *   shmdt    detach it: the memory is gone from our address space
 *   shmctl   IPC_RMID: remove it (its memory goes back to the system)
 *
 * Run it, then `ipcs -m`: nothing is left behind.  (Leave out the IPC_RMID
 * and the segment would stay, unattached, until someone removes it.)
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	/* 1. A new segment of 4096 bytes that only we (and root) may use. */
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (id < 0) {
		perror("shmget");
		return 1;
	}
	printf("shmget: created segment %d (4096 bytes)\n", id);

	/* 2. Attach it; NULL lets the kernel choose the address. */
	char *mem = shmat(id, NULL, 0);
	if (mem == (char *)-1) {
		perror("shmat");
		shmctl(id, IPC_RMID, NULL);
		return 1;
	}
	printf("shmat: attached at %p\n", (void *)mem);

	/* 3. Shared memory is plain memory: write and read it directly. */
	strcpy(mem, "hello, shared memory");
	printf("wrote \"%s\" into the segment\n", mem);

	/* 4. Ask the kernel about it. */
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) == 0)
		printf(
		    "IPC_STAT: %zu bytes, %lu attach(es), mode %03o, created by pid %d (us: %d)\n",
		    ds.shm_segsz, (unsigned long)ds.shm_nattch, ds.shm_perm.mode & 0777,
		    ds.shm_cpid, getpid());

	/* 5. Detach: mem is no longer valid after this. */
	if (shmdt(mem) == 0)
		printf("shmdt: detached\n");

	/* 6. Remove the segment for good. */
	if (shmctl(id, IPC_RMID, NULL) == 0)
		printf("IPC_RMID: removed segment %d\n", id);
	return 0;
}
