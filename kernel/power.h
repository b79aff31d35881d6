#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

/*
 * How the machine ends.  The host reads the status from the tagged lines
 * (see docs/testing.md), never from QEMU's exit code:
 *   "@@MEM free_frames=N heap_used=M"   memory accounting at power-off
 *   "@@EXIT <status>"                    the run's result, 0-255
 */
void power_off(int status) __attribute__((noreturn));

/* After a panic: leave QEMU without an @@EXIT line (the host reports 125). */
void power_halt_failed(void) __attribute__((noreturn));

#endif
