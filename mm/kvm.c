/*
 * kvm.c: the kernel half of the address space.
 *
 * Built once at boot, replacing the boot path's temporary tables:
 *   - the kernel image, section by section: text read+execute, rodata
 *     read-only, data and bss read+write, the symbol table read-only;
 *   - a direct map of RAM at DIRECT_MAP_BASE, no-execute, 2 MiB pages where
 *     alignment allows;
 *   - empty top-level slots for kernel stacks and device registers.
 * The PML4 entries of the kernel half are all created here, so every
 * process's PML4 can copy them once (vm_create) and see later changes
 * below them.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"

pte_t *kernel_pml4;
uint64_t kernel_phys_base;

#define KSTACK_SLOT_PAGES 16
#define KSTACK_SLOTS      256
#define KSTACK_AREA_SIZE  ((uintptr_t)KSTACK_SLOTS * KSTACK_SLOT_PAGES * PAGE_SIZE)

extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _data_end[], _ksyms_start[], _ksyms_end[];

static void map_or_panic(uintptr_t va, uint64_t pa, size_t len, unsigned flags)
{
	int err = vm_map(kernel_pml4, va, pa, len, flags);
	if (err)
		panic("kvm: mapping %lx+%lx failed (%d)", va, len, err);
}

static void map_image_part(char *start, char *end, unsigned flags)
{
	uintptr_t va = PAGE_ROUND_DOWN((uintptr_t)start);
	size_t len = PAGE_ROUND_UP((uintptr_t)end) - va;
	if (len)
		map_or_panic(va, KIMG_V2P(va), len, flags | VM_GLOBAL);
}

/* Direct-map [base, base+len): 4 KiB pages up to a 2 MiB boundary, 2 MiB pages, 4 KiB tail. */
static void map_direct(uint64_t base, uint64_t len)
{
	uint64_t pa = PAGE_ROUND_DOWN(base);
	uint64_t end = PAGE_ROUND_UP(base + len);
	while (pa < end) {
		uint64_t size = PAGE_SIZE;
		unsigned flags = VM_WRITE | VM_GLOBAL;
		if ((pa & (HUGE_PAGE_SIZE - 1)) == 0 && end - pa >= HUGE_PAGE_SIZE) {
			size = HUGE_PAGE_SIZE;
			flags |= VM_HUGE;
		}
		/* Regions may share a page: skip what is mapped already. */
		uint64_t old;
		if (!vm_lookup(kernel_pml4, (uintptr_t)P2V(pa), &old, 0))
			map_or_panic((uintptr_t)P2V(pa), pa, size, flags);
		else
			size = PAGE_SIZE;
		pa += size;
	}
}

/* Make sure va has a page table (all four levels), so every address space shares it. */
static void preallocate_slot(uintptr_t va)
{
	pte_t *e = vm_walk(kernel_pml4, va, true);
	if (!e)
		panic("kvm: out of memory for the kernel tables");
}

void kvm_init(const struct boot_info *bi)
{
	uint64_t pa = frame_alloc();
	if (!pa)
		panic("kvm: no frame for the kernel PML4");
	kernel_pml4 = P2V(pa);

	map_image_part(_text_start, _text_end, VM_EXEC);
	map_image_part(_rodata_start, _rodata_end, 0);
	map_image_part(_data_start, _data_end, VM_WRITE);
	map_image_part(_ksyms_start, _ksyms_end, 0);

	/* RAM, ACPI tables and the loader's data: everything but holes and MMIO. */
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->type != BOOT_MEM_RESERVED && r->type != BOOT_MEM_BAD)
			map_direct(r->base, r->length);
	}
	/* Every page table the stack area will ever need, now: a table made later
	 * would stay (tables are never freed) and look like a leak to the checks. */
	for (uintptr_t va = KSTACK_AREA; va < KSTACK_AREA + KSTACK_AREA_SIZE; va += HUGE_PAGE_SIZE)
		preallocate_slot(va);
	preallocate_slot(MMIO_AREA);

	vm_activate(kernel_pml4);
}

static struct spinlock kvm_lock = SPINLOCK_INIT("kvm");
static uintptr_t mmio_next = MMIO_AREA;

void *kvm_map_mmio(uint64_t pa, size_t len)
{
	uint64_t offset = pa & (PAGE_SIZE - 1);
	size_t size = PAGE_ROUND_UP(len + offset);
	spin_lock(&kvm_lock);
	uintptr_t va = mmio_next;
	mmio_next += size + PAGE_SIZE; /* a hole between devices */
	spin_unlock(&kvm_lock);
	map_or_panic(va, pa - offset, size, VM_WRITE | VM_NOCACHE | VM_GLOBAL);
	return (void *)(va + offset);
}

/*
 * Kernel stacks live in fixed-size slots in the stack area; a slot is
 * KSTACK_SLOT_PAGES pages, of which the lowest is never mapped.  A stack
 * overflow then faults on the guard page instead of corrupting whatever
 * lies below.  The fault arrives on a separate IST stack (trap.c).
 */
static uint64_t slot_used[KSTACK_SLOTS / 64];

uintptr_t kstack_alloc(size_t pages)
{
	if (pages == 0 || pages > KSTACK_SLOT_PAGES - 1)
		return 0;
	spin_lock(&kvm_lock);
	int slot = -1;
	for (int i = 0; i < KSTACK_SLOTS && slot < 0; i++)
		if (!(slot_used[i / 64] & (1UL << (i % 64))))
			slot = i;
	if (slot >= 0)
		slot_used[slot / 64] |= 1UL << (slot % 64);
	spin_unlock(&kvm_lock);
	if (slot < 0)
		return 0;

	uintptr_t top = KSTACK_AREA + (uintptr_t)(slot + 1) * KSTACK_SLOT_PAGES * PAGE_SIZE;
	uintptr_t bottom = top - pages * PAGE_SIZE;
	for (uintptr_t va = bottom; va < top; va += PAGE_SIZE) {
		uint64_t pa = frame_alloc();
		if (!pa || vm_map(kernel_pml4, va, pa, PAGE_SIZE, VM_WRITE | VM_GLOBAL)) {
			if (pa)
				frame_put(pa);
			vm_unmap(kernel_pml4, bottom, va - bottom, true);
			spin_lock(&kvm_lock);
			slot_used[slot / 64] &= ~(1UL << (slot % 64));
			spin_unlock(&kvm_lock);
			return 0;
		}
	}
	return top;
}

void kstack_free(uintptr_t top)
{
	size_t slot = (top - KSTACK_AREA) / (KSTACK_SLOT_PAGES * PAGE_SIZE) - 1;
	if (top <= KSTACK_AREA || slot >= KSTACK_SLOTS ||
	    (top - KSTACK_AREA) % (KSTACK_SLOT_PAGES * PAGE_SIZE))
		panic("kstack_free: bad stack top %lx", top);
	uintptr_t slot_base = top - KSTACK_SLOT_PAGES * PAGE_SIZE;
	vm_unmap(kernel_pml4, slot_base, KSTACK_SLOT_PAGES * PAGE_SIZE, true);
	spin_lock(&kvm_lock);
	slot_used[slot / 64] &= ~(1UL << (slot % 64));
	spin_unlock(&kvm_lock);
}
