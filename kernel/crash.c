/*
 * crash.c: deliberate faults, for the tests of the exception path.
 *
 *   crash=ud2        invalid opcode
 *   crash=pagefault  write to an unmapped kernel address
 *   crash=divide     divide by zero
 *   crash=gp         general protection (non-canonical address)
 *   crash=stack      unbounded recursion into the stack's guard page:
 *                    a double fault, handled on its own stack
 *   crash=panic      a plain panic()
 */
#include <stdint.h>

#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"

/* Recursion with no end the compiler can see: the limit is never reached. */
static volatile int recursion_limit = 1 << 30;

static int __attribute__((noinline)) recurse(int depth)
{
	volatile char pad[256];
	pad[0] = (char)depth;
	if (depth >= recursion_limit)
		return 0;
	return recurse(depth + 1) + pad[0];
}

void crash_if_asked(const char *kind)
{
	if (!kind)
		return;
	printk("crash: causing '%s' on purpose\n", kind);
	if (strcmp(kind, "ud2") == 0) {
		__asm__ volatile("ud2");
	} else if (strcmp(kind, "pagefault") == 0) {
		*(volatile uint64_t *)0xffff8fffdeadb000UL = 1;
	} else if (strcmp(kind, "divide") == 0) {
		volatile int zero = 0;
		printk("%d\n", 1 / zero);
	} else if (strcmp(kind, "gp") == 0) {
		*(volatile uint64_t *)0x8000000000000000UL = 1;
	} else if (strcmp(kind, "stack") == 0) {
		recurse(0);
	} else if (strcmp(kind, "panic") == 0) {
		panic("deliberate panic from crash=panic");
	}
	panic("crash=%s: unknown kind, or it did not fault", kind);
}
