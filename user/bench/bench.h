/*
 * bench.h: what every benchmark of user/bench/ needs: the time stamp
 * counter and the median of a few rounds (one preempted round does not
 * move a median).  Header-only: each benchmark is one program.
 */
#ifndef USER_BENCH_BENCH_H
#define USER_BENCH_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The median of v[0..n-1] (v is sorted in place). */
static inline uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), by_value);
	return v[n / 2];
}

/* A benchmark that cannot set itself up says why and stops. */
static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

#endif
