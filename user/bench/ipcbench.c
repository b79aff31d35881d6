/*
 * ipcbench: what System V shared memory costs, in TSC cycles.
 *
 *   shmget+IPC_RMID              making and removing a segment
 *   shmat+shmdt, 4 KiB / 256 MiB  attaching maps nothing: both should cost the same
 *   first touch, per page         the page fault that brings a page in
 *   32 MiB, process to process:   through a 1 MiB ring in a shared segment
 *                                 (head and tail counters in the segment,
 *                                 sched_yield while waiting) versus through
 *                                 a pipe written in 64 KiB pieces
 *
 * Shared memory is the fastest IPC because no data passes through the
 * kernel: the producer writes into the ring and the consumer reads the data
 * where it lies.  Through a pipe every byte is copied into the kernel and
 * out again, a system call for each piece.  Medians of several rounds; run
 * with `make bench`, or on Linux.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS    5
#define MIB       (1UL << 20)
#define TRANSFER  (32 * MIB)
#define RING_SIZE MIB
#define CHUNK     (64 * 1024)

static uint64_t get_and_remove(void)
{
	uint64_t t[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 100; i++) {
			int id = shmget(IPC_PRIVATE, 4096, 0600);
			if (id < 0 || shmctl(id, IPC_RMID, NULL) < 0)
				die("ipcbench: shmget/IPC_RMID");
		}
		t[r] = (rdtsc() - t0) / 100;
	}
	return median(t, ROUNDS);
}

static uint64_t attach_detach(size_t size)
{
	int id = shmget(IPC_PRIVATE, size, 0600);
	if (id < 0)
		return 0; /* not enough memory for the segment's bookkeeping */
	uint64_t t[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < 100; i++) {
			void *p = shmat(id, NULL, 0);
			if (p == (void *)-1 || shmdt(p) < 0)
				die("ipcbench: shmat/shmdt");
		}
		t[r] = (rdtsc() - t0) / 100;
	}
	shmctl(id, IPC_RMID, NULL);
	return median(t, ROUNDS);
}

static uint64_t first_touch(void)
{
	const size_t pages = 1024;
	uint64_t t[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		int id = shmget(IPC_PRIVATE, pages * 4096, 0600);
		volatile char *p = shmat(id, NULL, 0);
		if (id < 0 || p == (void *)-1)
			die("ipcbench: first touch");
		uint64_t t0 = rdtsc();
		for (size_t i = 0; i < pages; i++)
			p[i * 4096] = 1;
		t[r] = (rdtsc() - t0) / pages;
		shmdt((void *)p);
		shmctl(id, IPC_RMID, NULL);
	}
	return median(t, ROUNDS);
}

/*
 * A one-producer, one-consumer ring in shared memory, with a handshake so
 * that the clock runs only while data moves: the consumer prepares (its
 * buffer touched, so no page fault is timed), says "ready", and says "done"
 * with the sum of every 64-bit word it received.
 */
struct ring {
	volatile uint64_t head; /* bytes written so far (producer) */
	volatile uint64_t tail; /* bytes consumed so far (consumer) */
	volatile int ready, done;
	volatile uint64_t sum;
	char data[RING_SIZE];
};

static uint64_t sum_words(const void *p, size_t n)
{
	const uint64_t *w = p;
	uint64_t sum = 0;
	for (size_t i = 0; i < n / 8; i++)
		sum += w[i];
	return sum;
}

static void wait_for(volatile int *flag)
{
	while (!*flag)
		sched_yield();
}

/* Shared memory: the consumer reads the data where the producer put it. */
static void ring_consumer(struct ring *ring)
{
	ring->ready = 1;
	uint64_t sum = 0;
	for (uint64_t got = 0; got < TRANSFER;) {
		uint64_t avail = ring->head - got;
		if (avail == 0) {
			sched_yield();
			continue;
		}
		size_t off = got % RING_SIZE, n = avail;
		if (n > RING_SIZE - off)
			n = RING_SIZE - off;
		sum += sum_words(ring->data + off, n);
		got += n;
		__atomic_store_n(&ring->tail, got, __ATOMIC_RELEASE);
	}
	ring->sum = sum;
	ring->done = 1;
}

static void ring_producer(struct ring *ring, const unsigned char *src)
{
	for (uint64_t put = 0; put < TRANSFER;) {
		uint64_t room = RING_SIZE - (put - ring->tail);
		if (room == 0) {
			sched_yield();
			continue;
		}
		size_t off = put % RING_SIZE, n = room;
		if (n > RING_SIZE - off)
			n = RING_SIZE - off;
		memcpy(ring->data + off, src + put, n);
		put += n;
		__atomic_store_n(&ring->head, put, __ATOMIC_RELEASE);
	}
}

/* A pipe: the data goes through the kernel into the consumer's buffer. */
static void pipe_consumer(int fd, struct ring *flags)
{
	static unsigned char buf[CHUNK];
	memset(buf, 0, sizeof(buf));
	flags->ready = 1;
	uint64_t sum = 0;
	for (uint64_t got = 0; got < TRANSFER;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n <= 0 || n % 8)
			die("ipcbench: pipe read");
		sum += sum_words(buf, n);
		got += n;
	}
	flags->sum = sum;
	flags->done = 1;
}

static void pipe_producer(int fd, const unsigned char *src)
{
	for (uint64_t put = 0; put < TRANSFER; put += CHUNK)
		if (write(fd, src + put, CHUNK) != CHUNK)
			die("ipcbench: pipe write");
}

/* Move TRANSFER bytes to a child through shared memory (use_pipe 0) or a pipe; cycles. */
static uint64_t transfer(int use_pipe, const unsigned char *src, uint64_t want)
{
	int id = shmget(IPC_PRIVATE, sizeof(struct ring), 0600);
	struct ring *ring = shmat(id, NULL, 0);
	int fds[2];
	if (id < 0 || ring == (void *)-1 || pipe(fds) < 0)
		die("ipcbench: transfer set-up");
	shmctl(id, IPC_RMID, NULL);     /* gone when both sides have detached */
	memset(ring, 0, sizeof(*ring)); /* and every page of the ring touched */
	pid_t pid = fork();
	if (pid == 0) {
		if (use_pipe)
			pipe_consumer(fds[0], ring);
		else
			ring_consumer(ring);
		_exit(0);
	}
	wait_for(&ring->ready);
	uint64_t t0 = rdtsc();
	if (use_pipe)
		pipe_producer(fds[1], src);
	else
		ring_producer(ring, src);
	wait_for(&ring->done);
	uint64_t cycles = rdtsc() - t0;
	if (ring->sum != want) {
		fprintf(stderr, "ipcbench: the data arrived damaged through the %s\n",
		        use_pipe ? "pipe" : "ring");
		exit(1);
	}
	waitpid(pid, NULL, 0);
	close(fds[0]);
	close(fds[1]);
	shmdt(ring);
	return cycles;
}

int main(void)
{
	printf("ipcbench: shmget+IPC_RMID           %10llu cycles\n",
	       (unsigned long long)get_and_remove());
	uint64_t small = attach_detach(4096), big = attach_detach(256 * MIB);
	printf("ipcbench: shmat+shmdt, 4 KiB        %10llu cycles\n", (unsigned long long)small);
	if (big)
		printf("ipcbench: shmat+shmdt, 256 MiB      %10llu cycles (%.2fx the 4 KiB one)\n",
		       (unsigned long long)big, (double)big / small);
	else
		printf("ipcbench: shmat+shmdt, 256 MiB      (no memory for a 256 MiB segment)\n");
	printf("ipcbench: first touch, per page     %10llu cycles\n",
	       (unsigned long long)first_touch());

	unsigned char *src = malloc(TRANSFER);
	for (size_t i = 0; i < TRANSFER; i++)
		src[i] = (unsigned char)(i * 7 + (i >> 12));
	uint64_t want = sum_words(src, TRANSFER);
	uint64_t ring[3], pipe_[3];
	for (int r = 0; r < 3; r++) {
		ring[r] = transfer(0, src, want);
		pipe_[r] = transfer(1, src, want);
	}
	uint64_t ring_mib = median(ring, 3) / (TRANSFER / MIB);
	uint64_t pipe_mib = median(pipe_, 3) / (TRANSFER / MIB);
	printf("ipcbench: 32 MiB via shm ring       %10llu cycles/MiB\n",
	       (unsigned long long)ring_mib);
	printf("ipcbench: 32 MiB via pipe (64 KiB)  %10llu cycles/MiB\n",
	       (unsigned long long)pipe_mib);
	printf("ipcbench: shared memory is %.1fx cheaper per MiB than the pipe\n",
	       (double)pipe_mib / ring_mib);
	free(src);
	return 0;
}
