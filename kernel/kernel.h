/*
 * kernel.h: kernel-wide odds and ends that have no better home yet.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#define SHMOS_VERSION "0.1"

/* selftest.c: run the in-kernel tests, print PASS/FAIL lines; returns 0 if all passed. */
int selftest_run(void);

/* syscall.c: set up the `syscall` instruction's MSRs. */
void syscall_init(void);

/* crash.c: with crash=<kind> on the command line, fault on purpose. */
void crash_if_asked(const char *kind);

#endif
