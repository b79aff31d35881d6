/*
 * prodcons: the bounded buffer, with System V shared memory and semaphores.
 *
 *   prodcons produce N   put the numbers 1..N into the ring, one by one
 *   prodcons consume N   take N numbers out of the ring and check that every
 *                        one arrives once and in order; prints a verdict,
 *                        exits 0 if so; then removes the ring and the set
 *   prodcons clean       remove the ring and the set (after an interrupted run)
 *   prodcons test N      both, as two children of this process; exits 0 only
 *                        if both went well (used by tests/user/sem_demo)
 *
 * From the shell, as two separate processes:
 *
 *   $ prodcons produce 1000 &
 *   $ prodcons consume 1000
 *
 * They find each other through a fixed key (KEY): the ring is a shared
 * segment of SLOTS numbers, and a set of three semaphores guards it:
 *
 *   EMPTY  free slots      (starts at SLOTS)  producer takes one, consumer gives one
 *   FULL   filled slots    (starts at 0)      consumer takes one, producer gives one
 *   MUTEX  the ring's indices (starts at 1)   held while in/out move (SEM_UNDO:
 *                                             given back if its holder dies)
 *
 * System calls: shmget, shmat, shmdt, shmctl, semget, semop, semctl; fork
 * and wait4 for `test`.  docs/sem.md explains what happens in the kernel.
 */
#include <errno.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KEY   0x50524f44 /* "PROD" */
#define SLOTS 8

enum { EMPTY, FULL, MUTEX };

/* The shared segment. */
struct ring {
	int in;  /* the next slot to fill */
	int out; /* the next slot to empty */
	int item[SLOTS];
};

static void die(const char *what)
{
	fprintf(stderr, "prodcons: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* --------------------------------------------------------- P and V --- */

/*
 * P (wait, "down"): take one from semaphore sem, sleeping in the kernel
 * while it is 0.  It first tries without sleeping (IPC_NOWAIT) only to
 * count how often the caller had to wait.
 */
static void P(int semid, int sem, int flags, long *waits)
{
	struct sembuf op = {(unsigned short)sem, -1, (short)(flags | IPC_NOWAIT)};
	if (semop(semid, &op, 1) == 0)
		return;
	if (errno != EAGAIN)
		die("semop");
	(*waits)++;
	op.sem_flg = (short)flags;
	while (semop(semid, &op, 1) != 0)
		if (errno != EINTR) /* e.g. EIDRM: someone removed the set */
			die("semop");
}

/* V (signal, "up"): give one back; wakes a sleeper if there is one. */
static void V(int semid, int sem, int flags)
{
	struct sembuf op = {(unsigned short)sem, 1, (short)flags};
	if (semop(semid, &op, 1) != 0)
		die("semop");
}

/* ----------------------------------------------- finding each other --- */

/*
 * The semaphore set for KEY.  Whoever creates it sets the initial values
 * with SETALL, then does one semop: that sets sem_otime, the sign that the
 * set is ready.  Whoever finds it waits for that sign, for a set made a
 * moment ago may not have its values yet (the classic race of semget +
 * semctl, which are two calls).
 */
static int open_set(void)
{
	int id = semget(KEY, 3, IPC_CREAT | IPC_EXCL | 0600);
	if (id >= 0) {
		unsigned short init[3] = {SLOTS, 0, 1};
		struct sembuf nop[2] = {{MUTEX, -1, 0}, {MUTEX, 1, 0}};
		if (semctl(id, 0, SETALL, init) != 0 || semop(id, nop, 2) != 0)
			die("initialising the semaphores");
		return id;
	}
	if (errno != EEXIST || (id = semget(KEY, 3, 0600)) < 0)
		die("semget");
	time_t deadline = time(NULL) + 10;
	struct semid_ds ds;
	do {
		if (semctl(id, 0, IPC_STAT, &ds) != 0)
			die("semctl(IPC_STAT)");
		if (ds.sem_otime != 0)
			return id;
		sched_yield();
	} while (time(NULL) < deadline);
	fprintf(stderr, "prodcons: the semaphore set was never initialised; "
	                "try `prodcons clean`\n");
	exit(2);
}

/* The ring: made zero-filled by whoever comes first (so in = out = 0). */
static struct ring *open_ring(void)
{
	int shmid = shmget(KEY, sizeof(struct ring), IPC_CREAT | 0600);
	if (shmid < 0)
		die("shmget");
	struct ring *r = shmat(shmid, NULL, 0);
	if (r == (void *)-1)
		die("shmat");
	return r;
}

/* Remove the segment and the set, if they are there.  0 if anything was removed. */
static int clean(void)
{
	int removed = -1;
	int semid = semget(KEY, 0, 0);
	if (semid >= 0 && semctl(semid, 0, IPC_RMID) == 0)
		removed = 0;
	int shmid = shmget(KEY, 0, 0);
	if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) == 0)
		removed = 0;
	return removed;
}

/* ---------------------------------------------- the two sides --- */

static int produce(long n)
{
	struct ring *r = open_ring();
	int semid = open_set();
	long waits = 0, ignored = 0;
	for (long i = 1; i <= n; i++) {
		P(semid, EMPTY, 0, &waits);          /* a free slot */
		P(semid, MUTEX, SEM_UNDO, &ignored); /* the indices are ours */
		r->item[r->in] = (int)i;
		r->in = (r->in + 1) % SLOTS;
		V(semid, MUTEX, SEM_UNDO);
		V(semid, FULL, 0); /* one more item */
	}
	printf("produce: %ld items put into the ring (waited %ld time%s for a free slot)\n", n,
	       waits, waits == 1 ? "" : "s");
	shmdt(r);
	return 0;
}

static int consume(long n)
{
	struct ring *r = open_ring();
	int semid = open_set();
	long waits = 0, ignored = 0, bad = 0, first_bad = 0, got_then = 0;
	for (long i = 1; i <= n; i++) {
		P(semid, FULL, 0, &waits); /* an item */
		P(semid, MUTEX, SEM_UNDO, &ignored);
		int item = r->item[r->out];
		r->out = (r->out + 1) % SLOTS;
		V(semid, MUTEX, SEM_UNDO);
		V(semid, EMPTY, 0); /* one more free slot */
		if (item != i && bad++ == 0) {
			first_bad = i;
			got_then = item;
		}
	}
	/* Every slot free again, no item left over. */
	int empty = semctl(semid, EMPTY, GETVAL), full = semctl(semid, FULL, GETVAL);
	shmdt(r);
	clean(); /* the producer is done with both: its last V(FULL) let us take item n */
	if (bad || empty != SLOTS || full != 0) {
		printf("consume: FAILED: %ld of %ld items out of place", bad, n);
		if (bad)
			printf(" (item %ld was %ld)", first_bad, got_then);
		printf("; EMPTY %d (expected %d), FULL %d (expected 0)\n", empty, SLOTS, full);
		return 1;
	}
	printf("consume: %ld items, every one once and in order: OK "
	       "(waited %ld time%s for an item)\n",
	       n, waits, waits == 1 ? "" : "s");
	return 0;
}

/* --------------------------------------------------------- test --- */

static pid_t start(int (*side)(long), long n)
{
	fflush(stdout); /* or the child would print our buffer again */
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		alarm(60); /* a hung side ends, and so does the test */
		exit(side(n));
	}
	return pid;
}

static int wait_for(pid_t pid, const char *name)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		printf("test: the %s was killed by signal %d\n", name, WTERMSIG(status));
	else
		printf("test: the %s exited with %d\n", name, WEXITSTATUS(status));
	return 1;
}

static int test(long n)
{
	clean();            /* nothing left from an earlier run */
	shmdt(open_ring()); /* made here, so both sides find them ready */
	open_set();
	pid_t consumer = start(consume, n); /* it sleeps until items come */
	pid_t producer = start(produce, n);
	int bad = wait_for(producer, "producer");
	bad |= wait_for(consumer, "consumer");
	clean();
	printf("test: %s\n", bad ? "FAILED" : "OK");
	return bad;
}

static void usage(void)
{
	fprintf(stderr, "usage: prodcons produce N | consume N | clean | test N\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "clean") == 0) {
		if (clean() != 0)
			printf("clean: nothing to remove\n");
		return 0;
	}
	if (argc != 3)
		usage();
	char *end;
	long n = strtol(argv[2], &end, 10);
	if (*end || n < 1)
		usage();
	if (strcmp(argv[1], "produce") == 0)
		return produce(n);
	if (strcmp(argv[1], "consume") == 0)
		return consume(n);
	if (strcmp(argv[1], "test") == 0)
		return test(n);
	usage();
}
