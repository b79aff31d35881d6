/*
 * gdt.c: segments and the task-state segment.
 *
 * In 64-bit mode segments do little: the GDT must still name a kernel code
 * segment, user segments for ring 3, and the TSS, which tells the CPU which
 * stack to use on entry from user mode (rsp0) and for the exceptions that
 * get their own known-good stack (the IST slots: double fault, NMI).
 */
#include "kernel/gdt.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7]; /* IST slots 1-7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss;
_Static_assert(sizeof(struct tss) == 104, "the TSS is 104 bytes");

/* Access byte and flags nibble for each descriptor, as the Intel SDM lays them out. */
#define SEG(access, flags)                                                                         \
	(((uint64_t)(flags) << 52) | ((uint64_t)(access) << 40) | 0xffff | (0xfUL << 48))

static uint64_t gdt[10] = {
    [0] = 0,
    [1] = SEG(0x9a, 0xa), /* 0x08 unused kernel code (boot paths use it) */
    [2] = SEG(0x9a, 0xa), /* 0x10 kernel code: present, ring 0, code, long mode */
    [3] = SEG(0x92, 0xc), /* 0x18 kernel data */
    [4] = SEG(0xfa, 0xc), /* 0x20 user 32-bit code (unused, keeps sysret's layout) */
    [5] = SEG(0xf2, 0xc), /* 0x28 user data, ring 3 */
    [6] = SEG(0xfa, 0xa), /* 0x30 user code, ring 3, long mode */
    [7] = 0,
    /* [8], [9]: the 16-byte TSS descriptor, filled in gdt_init */
};

struct __attribute__((packed)) descriptor_ptr {
	uint16_t limit;
	uint64_t base;
};

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	gdt[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
	         (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[9] = base >> 32;

	struct descriptor_ptr p = {sizeof(gdt) - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
	                 /* reload CS with a far return, then the data segments */
	                 "pushq %1\n\t"
	                 "leaq 1f(%%rip), %%rax\n\t"
	                 "pushq %%rax\n\t"
	                 "lretq\n"
	                 "1:\n\t"
	                 "movw %w2, %%ax\n\t"
	                 "movw %%ax, %%ds\n\t"
	                 "movw %%ax, %%es\n\t"
	                 "movw %%ax, %%ss\n\t"
	                 "xorl %%eax, %%eax\n\t"
	                 "movw %%ax, %%fs\n\t"
	                 : /* GS is left alone: its base is the per-CPU pointer */
	                 : "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS)
	                 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"(TSS_SEL));
}

void tss_set_ist(int ist, uint64_t stack_top)
{
	tss.ist[ist - 1] = stack_top;
}

void tss_set_rsp0(uint64_t stack_top)
{
	tss.rsp[0] = stack_top;
}
