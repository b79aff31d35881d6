/*
 * probe.h: touch memory that may not be mapped, without crashing.
 * Each returns 0, or -EFAULT if the access faulted (kernel/trap.c resumes
 * the faulting instruction's fix-up through the .extable section).  The
 * user-copy routines of the process issue are built the same way.
 */
#ifndef KERNEL_PROBE_H
#define KERNEL_PROBE_H

#include <stdint.h>

int probe_read_byte(const volatile void *addr, uint8_t *out);
int probe_write_byte(volatile void *addr, uint8_t value);

#endif
