/*
 * clock.h: time.
 *
 *   ticks          timer interrupts since the timer started (HZ per second)
 *   clock_ns()     monotonic nanoseconds since boot, from the TSC
 *   clock_realtime_ns()  wall-clock time: the RTC read once at boot, plus clock_ns()
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

#define HZ 100

extern volatile uint64_t ticks;
/* The wait channel that the timer interrupt wakes every tick. */
#define TICK_CHANNEL ((void *)&ticks)
extern uint64_t tsc_hz;

void clock_init(void); /* calibrate TSC and LAPIC timer, read the RTC, start ticking */
uint64_t clock_ns(void);
uint64_t clock_realtime_ns(void);
uint64_t tsc_to_ns(uint64_t cycles);

/* Seconds since 1970 for a calendar date (UTC); used for the RTC. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
