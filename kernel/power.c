/*
 * power.c: ending a run.
 *
 * QEMU is started with `-device isa-debug-exit,iobase=0xf4`: a write to
 * port 0xf4 makes it exit at once.  Its exit code, (v << 1) | 1, cannot say
 * 0, so the status travels on the console instead (power.h).
 */
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

#define DEBUG_EXIT_PORT 0xf4

static void __attribute__((noreturn)) leave_qemu(uint8_t code)
{
	outb(DEBUG_EXIT_PORT, code);
	/* No isa-debug-exit device (a real machine, or QEMU without it): halt. */
	for (;;) {
		cli();
		hlt();
	}
}

void power_off(int status)
{
	printk("@@MEM free_frames=%lu heap_used=%lu\n", frame_free_count(), kheap_used());
	printk("@@EXIT %d\n", status & 0xff);
	leave_qemu(status == 0 ? 0x10 : 0x11);
}

void power_halt_failed(void)
{
	leave_qemu(0x7f);
}
