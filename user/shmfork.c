/*
 * shmfork: a parent and its child share an array after fork().
 *
 * fork() gives the child a COPY of the parent's memory (copy-on-write:
 * a page is copied when one of them writes it), so normally the two
 * never see each other's writes.  A shared memory segment is different:
 * the child inherits the attach, and both map the SAME memory.
 *
 * The child writes squares into two arrays: one in the segment, one an
 * ordinary global.  After the child has exited, the parent prints both:
 * the shared one holds the child's numbers, its own global copy does not.
 */
#include <stdio.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 8

static int private_array[N]; /* ordinary memory: the child gets its own copy */

int main(void)
{
	int id = shmget(IPC_PRIVATE, N * sizeof(int), IPC_CREAT | 0600);
	int *shared_array = id < 0 ? (int *)-1 : shmat(id, NULL, 0);
	if (shared_array == (int *)-1) {
		perror("shmfork: shmget/shmat");
		return 1;
	}
	/* Remove it now: it stays until the last detach, so nothing is left behind. */
	shmctl(id, IPC_RMID, NULL);

	fflush(stdout); /* else the child would print our buffered output again */
	pid_t pid = fork();
	if (pid < 0) {
		perror("shmfork: fork");
		return 1;
	}
	if (pid == 0) {
		for (int i = 0; i < N; i++) {
			shared_array[i] = i * i;
			private_array[i] = i * i;
		}
		printf("child %d: wrote %d squares into both arrays\n", getpid(), N);
		return 0; /* exit detaches the child's copy of the attach */
	}

	waitpid(pid, NULL, 0);
	printf("parent %d, after the child exited:\n  shared array: ", getpid());
	for (int i = 0; i < N; i++)
		printf(" %d", shared_array[i]);
	printf("\n  private array:");
	for (int i = 0; i < N; i++)
		printf(" %d", private_array[i]);
	printf("   (the child changed only its own copy)\n");
	shmdt(shared_array); /* the last detach: the segment goes away */
	return 0;
}
