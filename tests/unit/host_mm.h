/*
 * host_mm.h: a fake machine for testing mm/ on the host.
 *
 * HOST_RAM_SIZE bytes of ordinary memory stand in for physical memory from
 * address 0, reached through P2V like the real direct map.  The memory map
 * has holes and a reserved region, a "kernel" at 2 MiB and an "initrd" at
 * 8 MiB, so frame_init meets the same shapes it meets at boot.
 */
#ifndef TESTS_UNIT_HOST_MM_H
#define TESTS_UNIT_HOST_MM_H

#include <setjmp.h>
#include <stdbool.h>

#include "include/boot_info.h"

#define HOST_RAM_SIZE (64UL << 20)

extern struct boot_info host_boot_info;

/* Set up fake RAM and run frame_init on it. */
void host_mm_setup(void);
void host_mm_teardown(void);
/* The same, shaped as cmocka setup and teardown functions. */
int host_mm_setup_test(void **state);
int host_mm_teardown_test(void **state);

/* panic() in host tests: records the message and, if a test armed
 * expect_panic, jumps back to it; otherwise fails the test. */
extern jmp_buf panic_jump;
extern bool panic_armed;
extern char panic_message[256];
#define EXPECT_PANIC(stmt)                                                                         \
	(panic_armed = true, setjmp(panic_jump) == 0 ? ((stmt), panic_armed = false, false)        \
	                                             : (panic_armed = false, true))

#endif
