/*
 * sembench: what System V semaphores and message queues cost, in TSC cycles.
 *
 *   semop, no one waiting        one -1 and one +1 on a set of one
 *   semaphore ping-pong          two processes hand a turn back and forth
 *                                with two semaphores: a round trip is two
 *                                semops, two sleeps and two wake-ups each
 *   message ping-pong            the same round trip through one queue
 *                                (8-byte messages typed 1 and 2)
 *   32 MiB through a queue       in 8 KiB messages (MSGMAX), to compare
 *                                with ipcbench's shm ring and pipe: every
 *                                byte is copied into the kernel at msgsnd
 *                                and out of it at msgrcv
 *
 * Medians of several rounds; run with `make bench`, or on Linux.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS    5
#define OPS       2000
#define TRIPS     500
#define MIB       (1UL << 20)
#define TRANSFER  (32 * MIB)
#define MSG_BYTES 8192

static void op(int id, unsigned short num, short delta)
{
	struct sembuf b = {num, delta, 0};
	if (semop(id, &b, 1) != 0)
		die("sembench: semop");
}

/* Cycles for one semop when it never has to wait. */
static uint64_t uncontended(void)
{
	uint64_t t[ROUNDS];
	int id = semget(IPC_PRIVATE, 1, 0600);
	if (id < 0)
		die("sembench: semget");
	op(id, 0, 1);
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < OPS; i++) {
			op(id, 0, -1);
			op(id, 0, 1);
		}
		t[r] = (rdtsc() - t0) / (2 * OPS);
	}
	semctl(id, 0, IPC_RMID);
	return median(t, ROUNDS);
}

/* Cycles per round trip: semaphore 0 is the child's turn, 1 the parent's. */
static uint64_t sem_ping_pong(void)
{
	uint64_t t[ROUNDS];
	int id = semget(IPC_PRIVATE, 2, 0600);
	if (id < 0)
		die("sembench: semget");
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < ROUNDS * TRIPS; i++) {
			op(id, 0, -1);
			op(id, 1, 1);
		}
		_exit(0);
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < TRIPS; i++) {
			op(id, 0, 1);
			op(id, 1, -1);
		}
		t[r] = (rdtsc() - t0) / TRIPS;
	}
	waitpid(pid, NULL, 0);
	semctl(id, 0, IPC_RMID);
	return median(t, ROUNDS);
}

struct small_msg {
	long type;
	uint64_t n;
};

/* The same round trip through one queue: requests typed 1, answers typed 2. */
static uint64_t msg_ping_pong(void)
{
	uint64_t t[ROUNDS];
	int id = msgget(IPC_PRIVATE, 0600);
	if (id < 0)
		die("sembench: msgget");
	pid_t pid = fork();
	if (pid == 0) {
		struct small_msg m;
		for (int i = 0; i < ROUNDS * TRIPS; i++) {
			if (msgrcv(id, &m, sizeof(m.n), 1, 0) < 0)
				die("sembench: msgrcv");
			m.type = 2;
			if (msgsnd(id, &m, sizeof(m.n), 0) != 0)
				die("sembench: msgsnd");
		}
		_exit(0);
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < TRIPS; i++) {
			struct small_msg m = {1, (uint64_t)i};
			if (msgsnd(id, &m, sizeof(m.n), 0) != 0 ||
			    msgrcv(id, &m, sizeof(m.n), 2, 0) < 0)
				die("sembench: ping");
		}
		t[r] = (rdtsc() - t0) / TRIPS;
	}
	waitpid(pid, NULL, 0);
	msgctl(id, IPC_RMID, NULL);
	return median(t, ROUNDS);
}

struct big_msg {
	long type;
	unsigned char text[MSG_BYTES];
};

/* A checksum of whole words (musl's memcmp goes byte by byte: too slow to time). */
static uint64_t sum_words(const void *p, size_t n)
{
	const uint64_t *w = p;
	uint64_t sum = 0;
	for (size_t i = 0; i < n / 8; i++)
		sum += w[i] * (i + 1);
	return sum;
}

/* Cycles per MiB sent through a queue to a child that checks the bytes. */
static uint64_t msg_transfer(const unsigned char *src, uint64_t want)
{
	int id = msgget(IPC_PRIVATE, 0600);
	static struct big_msg m;
	if (id < 0)
		die("sembench: msgget");
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t sum = 0;
		for (size_t off = 0; off < TRANSFER; off += MSG_BYTES) {
			if (msgrcv(id, &m, MSG_BYTES, 0, 0) != MSG_BYTES)
				die("sembench: msgrcv");
			sum += sum_words(m.text, MSG_BYTES);
		}
		_exit(sum == want ? 0 : 1);
	}
	uint64_t t0 = rdtsc();
	m.type = 1;
	for (size_t off = 0; off < TRANSFER; off += MSG_BYTES) {
		memcpy(m.text, src + off, MSG_BYTES);
		if (msgsnd(id, &m, MSG_BYTES, 0) != 0)
			die("sembench: msgsnd");
	}
	int status;
	waitpid(pid, &status, 0);
	uint64_t cycles = rdtsc() - t0;
	msgctl(id, IPC_RMID, NULL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "sembench: the data arrived damaged through the queue\n");
		exit(1);
	}
	return cycles / (TRANSFER / MIB);
}

int main(void)
{
	printf("sembench: semop, no one waiting     %10llu cycles\n",
	       (unsigned long long)uncontended());
	printf("sembench: semaphore ping-pong       %10llu cycles per round trip\n",
	       (unsigned long long)sem_ping_pong());
	printf("sembench: message ping-pong         %10llu cycles per round trip\n",
	       (unsigned long long)msg_ping_pong());

	unsigned char *src = malloc(TRANSFER);
	if (!src)
		die("sembench: malloc");
	for (size_t i = 0; i < TRANSFER; i++)
		src[i] = (unsigned char)(i * 7 + (i >> 12));
	uint64_t want = 0, t[3];
	for (size_t off = 0; off < TRANSFER; off += MSG_BYTES)
		want += sum_words(src + off, MSG_BYTES);
	for (int r = 0; r < 3; r++)
		t[r] = msg_transfer(src, want);
	printf("sembench: 32 MiB via msg queue (8 KiB) %7llu cycles/MiB (ipcbench: shm ring, "
	       "pipe)\n",
	       (unsigned long long)median(t, 3));
	free(src);
	return 0;
}
