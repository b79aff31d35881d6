/*
 * kvm.h: the kernel's own address space (the upper half of every PML4).
 */
#ifndef MM_KVM_H
#define MM_KVM_H

#include <stddef.h>
#include <stdint.h>

#include "include/boot_info.h"
#include "mm/vm.h"

extern pte_t *kernel_pml4;

/* Build the kernel page tables and switch to them. */
void kvm_init(const struct boot_info *bi);

/* Map device registers, uncached and not executable; returns the virtual address. */
void *kvm_map_mmio(uint64_t pa, size_t len);

/* Kernel stacks: `pages` pages with an unmapped guard page below.
 * Returns the top of the stack (the initial rsp), or 0. */
uintptr_t kstack_alloc(size_t pages);
void kstack_free(uintptr_t top);

#endif
