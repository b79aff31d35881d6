/*
 * memlayout.h: the kernel's virtual address map.
 *
 *   0x0000000000000000 .. 0x00007fffffffffff   user space (lower half, per process)
 *   0xffff800000000000 .. +64 TiB              direct map of all physical RAM (NX)
 *   0xffffc00000000000 ..                      kernel stacks, each above an unmapped guard page
 *   0xffffd00000000000 ..                      device registers (MMIO), uncached
 *   0xffffffff80000000 ..                      the kernel image (linked at +2 MiB)
 *
 * The upper half (PML4 entries 256..511) is the same in every address space.
 */
#ifndef MM_MEMLAYOUT_H
#define MM_MEMLAYOUT_H

#include <stdint.h>

#define PAGE_SIZE          4096UL
#define PAGE_SHIFT         12
#define HUGE_PAGE_SIZE     (2UL << 20)
#define PAGE_ROUND_UP(x)   (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

#define USER_TOP    0x0000800000000000UL
#define KSTACK_AREA 0xffffc00000000000UL
#define MMIO_AREA   0xffffd00000000000UL
#define KERNEL_VMA  0xffffffff80000000UL

#ifdef HOST_TEST
/* Host unit tests back "physical memory" with an ordinary buffer. */
extern uintptr_t host_direct_map_base;
#define DIRECT_MAP_BASE host_direct_map_base
#else
#define DIRECT_MAP_BASE 0xffff800000000000UL
#endif

/* Physical <-> direct-map virtual. */
#define P2V(pa) ((void *)((uintptr_t)(pa) + DIRECT_MAP_BASE))
#define V2P(va) ((uintptr_t)(va)-DIRECT_MAP_BASE)

/* Kernel-image virtual -> physical, valid only for symbols in the image. */
extern uint64_t kernel_phys_base;
#define KIMG_V2P(va) ((uintptr_t)(va) - (KERNEL_VMA + 0x200000UL) + kernel_phys_base)

#endif
