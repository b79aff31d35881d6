/*
 * arch.c: the two hardware operations mm/vm.c needs from the CPU.
 */
#include "kernel/x86.h"
#include "mm/vm.h"

void arch_flush_tlb_page(uintptr_t va)
{
	invlpg(va);
}

void arch_load_page_table(uint64_t pml4_pa)
{
	write_cr3(pml4_pa);
}
