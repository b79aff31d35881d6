/*
 * struct boot_info: the one hand-over from a boot path to the kernel.
 *
 * Two front doors fill it:
 *   - boot/uefi/loader.c  (OVMF -> gnu-efi loader -> kernel), used by `make qemu`;
 *   - boot/pvh.c          (QEMU -kernel with the PVH note), used by tests.
 * Past this structure nothing in the kernel knows how it was booted.
 *
 * The structure is plain data with fixed-size fields so that the loader
 * (built as a UEFI application, MS-ABI, -fshort-wchar) and the kernel see
 * the same layout.  All addresses in it are physical.
 */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC   0x4f464e49544f4f42UL /* "BOOTINFO" little-endian */
#define BOOT_INFO_VERSION 1

#define BOOT_MEMMAP_MAX  256
#define BOOT_CMDLINE_MAX 1024

/* Memory region types, normalised from UEFI descriptors and e820 entries. */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,       /* free RAM the kernel may allocate */
	BOOT_MEM_RESERVED = 2,     /* firmware, MMIO holes, anything unknown */
	BOOT_MEM_ACPI_RECLAIM = 3, /* ACPI tables: usable once parsed */
	BOOT_MEM_ACPI_NVS = 4,     /* must be preserved */
	BOOT_MEM_BAD = 5,          /* broken RAM */
	BOOT_MEM_LOADER = 6,       /* the loader's own data: kernel, initrd, boot_info */
};

struct boot_mem_region {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum boot_mem_type */
	uint32_t reserved;
};

/* A linear framebuffer (GOP).  base == 0 means none (PVH has none). */
struct boot_framebuffer {
	uint64_t base;
	uint64_t size;
	uint32_t width;
	uint32_t height;
	uint32_t pixels_per_line;
	uint32_t format; /* 0 = RGBX 8:8:8:8, 1 = BGRX 8:8:8:8, 2 = other */
};

enum boot_method { BOOT_METHOD_PVH = 1, BOOT_METHOD_UEFI = 2 };

struct boot_info {
	uint64_t magic;   /* BOOT_INFO_MAGIC */
	uint32_t version; /* BOOT_INFO_VERSION */
	uint32_t size;    /* sizeof(struct boot_info) as the filler saw it */

	uint32_t boot_method; /* enum boot_method: printed in the banner, nothing else */
	uint32_t mem_count;   /* valid entries in mem[] */
	struct boot_mem_region mem[BOOT_MEMMAP_MAX];

	uint64_t kernel_phys_base; /* where the kernel image was loaded */
	uint64_t kernel_phys_size;
	uint64_t initrd_base; /* cpio newc archive; size 0 = none */
	uint64_t initrd_size;
	uint64_t rsdp; /* ACPI RSDP, 0 = unknown */
	struct boot_framebuffer fb;

	uint64_t loader_tsc;            /* TSC when the loader handed over; 0 = unknown */
	char cmdline[BOOT_CMDLINE_MAX]; /* NUL-terminated */
};

#endif
