/*
 * pvh.c: translate QEMU's PVH start information into struct boot_info.
 *
 * Runs once, from boot/pvh.asm, in long mode on the PVH entry's page tables
 * (0-4 GiB identity-mapped), before kmain.  The layout of hvm_start_info is
 * Xen's public ABI (xen/include/public/arch-x86/hvm/start_info.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "include/boot_info.h"

#define HVM_START_MAGIC 0x336ec578

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr; /* version 1 and later */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* e820 type */
	uint32_t reserved;
};

extern char _kernel_start[], _kernel_end[];

static struct boot_info pvh_info;

static uint32_t e820_to_boot_type(uint32_t e820)
{
	switch (e820) {
	case 1:
		return BOOT_MEM_USABLE;
	case 3:
		return BOOT_MEM_ACPI_RECLAIM;
	case 4:
		return BOOT_MEM_ACPI_NVS;
	case 5:
		return BOOT_MEM_BAD;
	default:
		return BOOT_MEM_RESERVED;
	}
}

/* Called from boot/pvh.asm; the kernel validates the result in kmain. */
struct boot_info *pvh_to_boot_info(uint32_t start_info_pa)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_pa;
	struct boot_info *bi = &pvh_info;

	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);
	bi->boot_method = BOOT_METHOD_PVH;
	if (si->magic != HVM_START_MAGIC) {
		bi->magic = 0; /* kmain reports it */
		return bi;
	}

	if (si->version >= 1) {
		const struct hvm_memmap_entry *e = (const void *)(uintptr_t)si->memmap_paddr;
		for (uint32_t i = 0; i < si->memmap_entries && i < BOOT_MEMMAP_MAX; i++) {
			bi->mem[i].base = e[i].addr;
			bi->mem[i].length = e[i].size;
			bi->mem[i].type = e820_to_boot_type(e[i].type);
			bi->mem_count++;
		}
	}

	if (si->nr_modules > 0 && si->modlist_paddr) {
		const struct hvm_modlist_entry *m = (const void *)(uintptr_t)si->modlist_paddr;
		bi->initrd_base = m[0].paddr;
		bi->initrd_size = m[0].size;
	}

	if (si->cmdline_paddr) {
		const char *s = (const char *)(uintptr_t)si->cmdline_paddr;
		size_t i = 0;
		for (; i < BOOT_CMDLINE_MAX - 1 && s[i]; i++)
			bi->cmdline[i] = s[i];
		bi->cmdline[i] = '\0';
	}

	bi->rsdp = si->rsdp_paddr;
	bi->kernel_phys_base = (uintptr_t)_kernel_start - 0xffffffff80000000UL;
	bi->kernel_phys_size = (uintptr_t)_kernel_end - (uintptr_t)_kernel_start;
	return bi;
}
