/*
 * panic.c: stopping the machine when the kernel cannot go on, with a
 * symbolized backtrace so the reader sees how it got there.
 */
#include <stdarg.h>

#include "kernel/format.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/x86.h"

extern int console_lock_broken;
extern char _text_start[], _text_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
	if (addr < (uintptr_t)_text_start || addr >= (uintptr_t)_text_end || ksym_count == 0)
		return 0;
	/* Binary search for the last symbol at or below addr. */
	uint32_t lo = 0, hi = ksym_count;
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksym_table[lo].addr > addr)
		return 0;
	*offset = addr - ksym_table[lo].addr;
	return ksym_names + ksym_table[lo].name;
}

static void print_frame(int depth, uint64_t rip)
{
	uint64_t off;
	const char *name = ksym_lookup(rip, &off);
	if (name)
		printk("  #%d %016lx %s+0x%lx\n", depth, rip, name, off);
	else
		printk("  #%d %016lx ?\n", depth, rip);
}

/*
 * Walk the chain of saved frame pointers (the kernel is built with
 * -fno-omit-frame-pointer): [rbp] is the caller's rbp, [rbp+8] the return
 * address.  Stop at a null or misaligned rbp or one outside the kernel half.
 */
void backtrace_from(uint64_t rbp)
{
	printk("backtrace:\n");
	uint64_t last = 0;
	int repeats = 0, depth = 0;
	for (int frames = 0; frames < 4096 && depth < 32; frames++) {
		if (rbp == 0 || (rbp & 7) || rbp < 0xffff800000000000UL)
			break;
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret == 0)
			break;
		/* Deep recursion: print a run of identical frames once. */
		if (ret == last) {
			repeats++;
		} else {
			if (repeats)
				printk("  ... the frame above %d more times\n", repeats);
			repeats = 0;
			print_frame(depth++, ret);
		}
		last = ret;
		if (frame[0] <= rbp) /* stacks grow down: callers' frames are higher */
			break;
		rbp = frame[0];
	}
	if (repeats)
		printk("  ... the frame above %d more times\n", repeats);
}

void panic(const char *fmt, ...)
{
	static int panicking;
	cli();
	console_lock_broken = 1;
	if (panicking++) /* a panic inside panic: just stop */
		power_halt_failed();

	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	printk("PANIC: %s\n", msg);
	backtrace_from((uint64_t)__builtin_frame_address(0));
	power_halt_failed();
}
