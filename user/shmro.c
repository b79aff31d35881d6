/*
 * shmro: a segment attached read-only (SHM_RDONLY) cannot be written.
 *
 * shmat(id, NULL, SHM_RDONLY) maps the segment without write permission.
 * Reading works; a write is a page fault the kernel refuses, and the
 * writer is killed by SIGSEGV.  So that we live to tell, a forked child
 * does the write, and we report how it died.  (mprotect cannot make the
 * attach writable either: it fails with EACCES.)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	char *rw = id < 0 ? (char *)-1 : shmat(id, NULL, 0);
	char *ro = id < 0 ? (char *)-1 : shmat(id, NULL, SHM_RDONLY);
	if (rw == (char *)-1 || ro == (char *)-1) {
		perror("shmro: shmget/shmat");
		return 1;
	}
	shmctl(id, IPC_RMID, NULL); /* gone once we detach (or exit) */

	strcpy(rw, "written through the read-write attach");
	printf("read through the read-only attach at %p: \"%s\"\n", (void *)ro, ro);
	if (mprotect(ro, 4096, PROT_READ | PROT_WRITE) == -1)
		printf("mprotect(PROT_WRITE) on it: %s\n", strerror(errno));

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		ro[0] = 'X'; /* SIGSEGV here */
		printf("child: the write worked?!\n");
		return 0;
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("the child that wrote to it was killed by signal %d (%s)\n",
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		printf("the child exited with %d: the write was not stopped\n",
		       WEXITSTATUS(status));
	printf("the segment still says: \"%s\"\n", rw);
	shmdt(ro);
	shmdt(rw);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ? 0 : 1;
}
