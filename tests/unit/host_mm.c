/*
 * host_mm.c: what mm/ needs from the kernel, for host unit tests:
 * fake RAM, spinlocks that do nothing, a panic() that tests can catch,
 * and TLB operations that only count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/spinlock.h"
#include "mm/frame.h"
#include "mm/memlayout.h"
#include "mm/vm.h"
#include "tests/unit/host_mm.h"

uintptr_t host_direct_map_base;
uint64_t kernel_phys_base = 2UL << 20;
pte_t *kernel_pml4;
struct boot_info host_boot_info;
jmp_buf panic_jump;
bool panic_armed;
char panic_message[256];
int tlb_flushes;

static void *ram;

void host_mm_setup(void)
{
	ram = aligned_alloc(4096, HOST_RAM_SIZE);
	assert_non_null(ram);
	memset(ram, 0x77, HOST_RAM_SIZE); /* frame_alloc must zero what it hands out */
	host_direct_map_base = (uintptr_t)ram;

	struct boot_info *bi = &host_boot_info;
	memset(bi, 0, sizeof(*bi));
	struct boot_mem_region map[] = {
	    {0, 0x9fc00, BOOT_MEM_USABLE, 0},
	    {0x9fc00, 0x60400, BOOT_MEM_RESERVED, 0},
	    {0x100000, (48UL << 20) - 0x100000, BOOT_MEM_USABLE, 0},
	    {48UL << 20, 1UL << 20, BOOT_MEM_ACPI_RECLAIM, 0},
	    {49UL << 20, HOST_RAM_SIZE - (49UL << 20), BOOT_MEM_USABLE, 0},
	};
	memcpy(bi->mem, map, sizeof(map));
	bi->mem_count = sizeof(map) / sizeof(map[0]);
	bi->kernel_phys_base = 2UL << 20;
	bi->kernel_phys_size = 1UL << 20;
	bi->initrd_base = 8UL << 20;
	bi->initrd_size = 64UL << 10;
	frame_init(bi);
}

void host_mm_teardown(void)
{
	free(ram);
	ram = 0;
}

int host_mm_setup_test(void **state)
{
	(void)state;
	host_mm_setup();
	return 0;
}

int host_mm_teardown_test(void **state)
{
	(void)state;
	host_mm_teardown();
	return 0;
}

void spin_init(struct spinlock *lk, const char *name)
{
	lk->locked = 0;
	lk->name = name;
}

/* Single-threaded tests need no locking; a panic caught by a test may leave
 * a lock "held", which the next test must not trip over. */
void spin_lock(struct spinlock *lk)
{
	lk->locked = 1;
}

void spin_unlock(struct spinlock *lk)
{
	lk->locked = 0;
}

bool spin_held(struct spinlock *lk)
{
	return lk->locked;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(panic_message, sizeof(panic_message), fmt, ap);
	va_end(ap);
	if (panic_armed)
		longjmp(panic_jump, 1);
	fail_msg("unexpected panic: %s", panic_message);
	abort();
}

void arch_flush_tlb_page(uintptr_t va)
{
	(void)va;
	tlb_flushes++;
}

void arch_load_page_table(uint64_t pml4_pa)
{
	(void)pml4_pa;
}
