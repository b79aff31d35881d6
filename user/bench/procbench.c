/*
 * procbench: what process operations cost, in TSC cycles.
 *
 *   getpid round trip             one system call, there and back
 *   fork+exit+wait (small)        a whole process life, 4 KiB of heap touched
 *   fork+exit+wait (64 MiB heap)  the same with 64 MiB touched: copy-on-write
 *                                 copies page-table entries, not the 64 MiB
 *   fork+execve+wait              the same, loading a new program
 *
 * Each figure is the median of several rounds, so one preempted round does
 * not skew it.  Run it here (`make bench`) or on Linux: the same binary.
 * Under QEMU's TCG the numbers are emulated cycles: compare them with each
 * other, not with a real machine (QEMUEXTRA="-icount shift=0,sleep=off"
 * makes them exactly repeatable).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS 7

/* Median over ROUNDS rounds of the cycles per operation of fn, run n times a round. */
static uint64_t measure(void (*fn)(void), int n)
{
	uint64_t per_op[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < n; i++)
			fn();
		per_op[r] = (rdtsc() - t0) / n;
	}
	qsort(per_op, ROUNDS, sizeof(per_op[0]), by_value);
	return per_op[ROUNDS / 2];
}

static void getpid_once(void)
{
	syscall(SYS_getpid); /* musl caches nothing here, but be explicit */
}

static void fork_exit_wait(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
		perror("procbench: fork/wait");
		exit(1);
	}
}

static const char *self;

static void fork_exec_wait(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(self, self, "--exit", (char *)NULL);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
		fprintf(stderr, "procbench: exec of %s failed\n", self);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0;
	self = argv[0];

	volatile char *small = malloc(4096);
	small[0] = 1;
	printf("procbench: getpid round trip       %8llu cycles\n",
	       (unsigned long long)measure(getpid_once, 2000));
	printf("procbench: fork+exit+wait, small   %8llu cycles\n",
	       (unsigned long long)measure(fork_exit_wait, 10));

	size_t big = 64UL << 20;
	char *heap = malloc(big);
	if (!heap) {
		perror("procbench: malloc 64 MiB");
		return 1;
	}
	/* Touch every page, so all 16384 are mapped.  Through a volatile pointer:
	 * a memset of memory that is freed unread may be optimised away. */
	for (size_t i = 0; i < big; i += 4096)
		((volatile char *)heap)[i] = 1;
	printf("procbench: fork+exit+wait, 64 MiB  %8llu cycles\n",
	       (unsigned long long)measure(fork_exit_wait, 3));
	free(heap);

	printf("procbench: fork+execve+wait        %8llu cycles\n",
	       (unsigned long long)measure(fork_exec_wait, 5));
	free((void *)small);
	return 0;
}
