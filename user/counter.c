/*
 * counter: N processes add 1 to a counter in a shared segment, M times each,
 * with and without a semaphore around the increment.
 *
 *   counter [NPROCS [INCREMENTS]]          both ways (default 4 processes x 20000)
 *   counter --with NPROCS INCREMENTS       only with the semaphore; exits 0 only if
 *                                          the total is exactly NPROCS x INCREMENTS
 *   counter --without NPROCS INCREMENTS    only without it: a demo, exits 0 whatever
 *                                          the total
 *   --window W (before the numbers)        how much work between the load and the
 *                                          store (default 100 turns of a loop; 0: none)
 *
 * An increment is a load of the counter into a register, an add, and a
 * store back.  A process that loses the CPU between its load and its store
 * (a timer interrupt, and the scheduler runs another process), or that runs
 * on another CPU at the same moment as another, stores a stale value later:
 * every increment the others made in between is lost.
 *
 * Real code does some work between reading a shared value and writing it
 * back; here a short busy loop (the "window") stands for it.  With one CPU,
 * only an interrupt that arrives inside the window loses updates, and with
 * --window 0 that hardly ever happens (under QEMU without KVM, never:
 * interrupts arrive only between blocks of translated code, and the load,
 * add and store are one block).  With several CPUs it happens all the time.
 *
 * With the semaphore (value 1: a mutex) only one process at a time is
 * between P and V, and the total is exact.  The mutex ops use SEM_UNDO, so
 * a process killed while holding it cannot block the others for ever.  A
 * second semaphore is the starting gate: the children wait on it so that
 * all of them start counting together.
 *
 * System calls: shmget, shmat, shmctl, semget, semop, semctl, fork, wait4.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MUTEX, GATE };

static void die(const char *what)
{
	fprintf(stderr, "counter: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void semop1(int semid, int sem, int op, int flags)
{
	struct sembuf sb = {(unsigned short)sem, (short)op, (short)flags};
	while (semop(semid, &sb, 1) != 0)
		if (errno != EINTR)
			die("semop");
}

static int window = 100; /* turns of the busy loop between load and store */

/* The child's work: m increments of *counter, under the mutex or not. */
static void count(volatile long *counter, int semid, long m, int with_sem)
{
	semop1(semid, GATE, -1, 0); /* wait for the start */
	for (long i = 0; i < m; i++) {
		if (with_sem)
			semop1(semid, MUTEX, -1, SEM_UNDO); /* P */
		long v = *counter;                          /* load */
		for (volatile int k = 0; k < window; k++)
			;         /* the work done with the value: the window */
		*counter = v + 1; /* add and store */
		if (with_sem)
			semop1(semid, MUTEX, 1, SEM_UNDO); /* V */
	}
}

/* Run n counting processes; the final value of the counter. */
static long run(int n, long m, int with_sem)
{
	int shmid = shmget(IPC_PRIVATE, sizeof(long), IPC_CREAT | 0600);
	int semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	if (shmid < 0 || semid < 0)
		die("shmget/semget");
	volatile long *counter = shmat(shmid, NULL, 0);
	if (counter == (void *)-1)
		die("shmat");
	shmctl(shmid, IPC_RMID, NULL); /* gone once everybody has detached */
	semctl(semid, MUTEX, SETVAL, 1);

	fflush(stdout);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			count(counter, semid, m, with_sem);
			_exit(0);
		}
	}
	semop1(semid, GATE, n, 0); /* open the gate: all n go */
	int status, failed = 0;
	for (int i = 0; i < n; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	long total = *counter;
	shmdt((void *)counter);
	semctl(semid, 0, IPC_RMID);
	if (failed) {
		fprintf(stderr, "counter: a counting process failed\n");
		exit(2);
	}
	return total;
}

/* Report one run; 1 if the total is exact. */
static int report(int n, long m, int with_sem)
{
	long want = n * m, got = run(n, m, with_sem);
	printf("%s a semaphore: %d processes x %ld increments = %ld expected, counter is %ld",
	       with_sem ? "with   " : "without", n, m, want, got);
	if (got == want)
		printf(": exact\n");
	else
		printf(": %ld updates lost\n", want - got);
	return got == want;
}

static void usage(void)
{
	fprintf(stderr, "usage: counter [--with | --without] [--window W] [NPROCS [INCREMENTS]]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int with = 1, without = 1, i = 1;
	char *end;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--with") == 0)
			without = 0;
		else if (strcmp(argv[i], "--without") == 0)
			with = 0;
		else if (strcmp(argv[i], "--window") == 0 && i + 1 < argc)
			window = strtol(argv[++i], &end, 10);
		else
			usage();
	}
	if (!with && !without)
		usage();
	int n = 4;
	long m = 20000;
	if (i < argc && ((n = strtol(argv[i++], &end, 10)) < 1 || n > 64 || *end))
		usage();
	if (i < argc && ((m = strtol(argv[i++], &end, 10)) < 1 || *end))
		usage();
	if (i < argc)
		usage();

	int exact_without = 1, exact_with = 1;
	if (without)
		exact_without = report(n, m, 0);
	if (with)
		exact_with = report(n, m, 1);
	if (without && exact_without)
		printf("No update was lost this time: with one CPU, a process must be interrupted\n"
		       "between its load and its store.  Try more increments, a wider --window,\n"
		       "or more CPUs.\n");
	else if (without)
		printf("Without the semaphore, a process that is interrupted (or runs on another\n"
		       "CPU) between loading the counter and storing it back overwrites the\n"
		       "increments the others made meanwhile: they are lost.\n");
	return exact_with ? 0 : 1;
}
