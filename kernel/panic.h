#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

/* Print "PANIC: <message>" and a backtrace, then stop the machine. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Print a symbolized backtrace starting from frame pointer rbp. */
void backtrace_from(uint64_t rbp);

#define assert(x)                                                                                  \
	do {                                                                                       \
		if (!(x))                                                                          \
			panic("assertion failed: %s at %s:%d", #x, __FILE__, __LINE__);            \
	} while (0)

#endif
