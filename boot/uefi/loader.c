/*
 * loader.c: shmos's UEFI front door (\EFI\BOOT\BOOTX64.EFI on the ESP).
 *
 * OVMF runs this program with the firmware's boot services still available.
 * It uses them to gather everything the kernel needs, then gives them up
 * (ExitBootServices) and jumps to the kernel:
 *
 *   1. open the volume we were loaded from (the ESP);
 *   2. read \kernel.elf, check it (boot/elf_check.c) and copy each PT_LOAD
 *      segment to its physical address p_paddr;
 *   3. read \initrd.cpio into memory and check it (boot/cpio_check.c);
 *   4. read the optional \cmdline.txt;
 *   5. note the ACPI RSDP and the GOP framebuffer;
 *   6. build page tables that map the kernel where it was linked;
 *   7. take the final memory map and call ExitBootServices;
 *   8. convert the memory map into struct boot_info, switch to our page
 *      tables and stack, and jump to the kernel's entry point.
 *
 * Any problem before step 7 ends in fatal(): one "loader: error: ..." line
 * and a QEMU exit, never a jump into a half-loaded kernel.
 * docs/boot.md walks through all of this; /work/shared/docs/boot-facts.md
 * records what was measured about gnu-efi and OVMF.
 *
 * Built with -DGNU_EFI_USE_MS_ABI, so firmware functions such as
 * BS->AllocatePages can be called directly (gcc uses the Microsoft calling
 * convention for them).  efi_main itself is called by gnu-efi's crt0 with
 * the ordinary System V convention, so it is not marked EFIAPI.
 */
#include <efi.h>
#include <efilib.h>

#include "kernel/x86.h" /* outb, inb, rdtsc: the same one-instruction helpers as the kernel */
#include "include/boot_info.h"
#include "boot/cpio_check.h"
#include "boot/elf_check.h"

#define KERNEL_PATH  L"\\kernel.elf"
#define INITRD_PATH  L"\\initrd.cpio"
#define CMDLINE_PATH L"\\cmdline.txt"

/* The kernel is linked at KERNEL_VMA + p_paddr (see linker.ld). */
#define KERNEL_VMA       0xffffffff80000000ULL
#define KERNEL_PHYS_MIN  0x100000ULL    /* leave the first MiB to the firmware */
#define KERNEL_PHYS_MAX  0x100000000ULL /* must sit inside the 4 GiB identity map */
#define BELOW_4G         0xffffffffULL  /* AllocateMaxAddress limit */
#define CMDLINE_FILE_MAX (64 * 1024ULL) /* refuse to read anything bigger */

#define PAGE_SIZE   4096ULL
#define GIB         (1ULL << 30)
#define PTE_PRESENT 0x1ULL
#define PTE_WRITE   0x2ULL
#define PTE_HUGE    0x80ULL /* in a page directory entry: a 2 MiB page */
#define MAP_MIN_GIB 4ULL
#define MAP_MAX_GIB 512ULL /* one PDPT's worth */

#define KERNEL_STACK_PAGES       4
#define EXIT_BOOT_SERVICES_TRIES 8 /* 2 were seen when the map changed once */

/* QEMU's isa-debug-exit device: writing v makes QEMU exit with (v << 1) | 1. */
#define DEBUG_EXIT_PORT  0xf4
#define DEBUG_EXIT_ERROR 0x31 /* QEMU exit code 99 */
#define COM1             0x3f8

/*
 * The kernel's _start takes struct boot_info * in RDI: the System V
 * convention, unlike the firmware calls in this file.
 */
typedef void(__attribute__((sysv_abi)) * kernel_entry_t)(struct boot_info *bi);

/* The firmware's memory map as GetMemoryMap returns it. */
struct efi_memory_map {
	UINT8 *buf;
	UINTN capacity;  /* bytes allocated at buf */
	UINTN size;      /* bytes filled in by the last GetMemoryMap */
	UINTN key;       /* proves to ExitBootServices that the map is current */
	UINTN desc_size; /* step between descriptors: NOT sizeof(EFI_MEMORY_DESCRIPTOR) */
	UINT32 desc_version;
};

/* ---------------------------------------------------------------- errors */

/* Leave QEMU with exit code 99; on a real machine, power off instead. */
static void __attribute__((noreturn)) stop_machine(void)
{
	outb(DEBUG_EXIT_PORT, DEBUG_EXIT_ERROR);
	RT->ResetSystem(EfiResetShutdown, EFI_LOAD_ERROR, 0, NULL);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Report a fatal problem on the console (mirrored to serial) and stop. */
static void __attribute__((noreturn)) fatal(const CHAR16 *fmt, ...)
{
	va_list ap;

	Print(L"loader: error: ");
	va_start(ap, fmt);
	VPrint(fmt, ap);
	va_end(ap);
	stop_machine();
}

/*
 * Once ExitBootServices has been tried, Print may no longer work, but OVMF
 * left COM1 programmed, so write to the UART directly.  The wait is bounded
 * in case there is no UART at all.
 */
static void serial_puts(const char *s)
{
	for (; *s; s++) {
		for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
			;
		outb(COM1, (UINT8)*s);
	}
}

static void serial_puthex(UINT64 v)
{
	char buf[19] = "0x";

	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	serial_puts(buf);
}

static void __attribute__((noreturn)) fatal_after_exit(const char *msg, UINT64 status)
{
	serial_puts("loader: error: ");
	serial_puts(msg);
	serial_puthex(status);
	serial_puts("\r\n");
	outb(DEBUG_EXIT_PORT, DEBUG_EXIT_ERROR);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* ----------------------------------------------------------- allocation */

/* Whole pages of EfiLoaderData below 4 GiB: the kernel sees them as BOOT_MEM_LOADER. */
static void *alloc_pages(UINTN npages, const CHAR16 *what)
{
	EFI_PHYSICAL_ADDRESS addr = BELOW_4G;
	EFI_STATUS st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, npages, &addr);

	if (EFI_ERROR(st))
		fatal(L"cannot allocate %ld pages for %s: %r\n", npages, what, st);
	return (void *)addr;
}

/* Temporary memory, given back with FreePool before we leave. */
static void *alloc_pool(UINTN size, const CHAR16 *what)
{
	void *p;
	EFI_STATUS st = BS->AllocatePool(EfiLoaderData, size > 0 ? size : 1, &p);

	if (EFI_ERROR(st))
		fatal(L"cannot allocate %ld bytes for %s: %r\n", size, what, st);
	return p;
}

/* ---------------------------------------------------------------- files */

/* The root directory of the volume this program was loaded from (the ESP). */
static EFI_FILE_HANDLE open_boot_volume(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *self;
	EFI_FILE_HANDLE root;
	EFI_STATUS st = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&self);

	if (EFI_ERROR(st))
		fatal(L"cannot find the loaded image protocol: %r\n", st);
	root = LibOpenRoot(self->DeviceHandle);
	if (root == NULL)
		fatal(L"cannot open the boot volume\n");
	return root;
}

/*
 * Open a file for reading and learn its size.  Failure to open is returned
 * (a missing \cmdline.txt is fine); anything odd after that is fatal.
 */
static EFI_STATUS open_file(EFI_FILE_HANDLE root, CHAR16 *path, EFI_FILE_HANDLE *fh, UINT64 *size)
{
	EFI_FILE_INFO *info;
	EFI_STATUS st = root->Open(root, fh, path, EFI_FILE_MODE_READ, 0);

	if (EFI_ERROR(st))
		return st;
	info = LibFileInfo(*fh);
	if (info == NULL)
		fatal(L"%s: cannot get file information\n", path);
	if (info->Attribute & EFI_FILE_DIRECTORY)
		fatal(L"%s: is a directory\n", path);
	*size = info->FileSize;
	FreePool(info);
	return EFI_SUCCESS;
}

/* Read exactly `size` bytes into buf, then close the file. */
static void read_and_close(EFI_FILE_HANDLE fh, CHAR16 *path, void *buf, UINT64 size)
{
	UINT8 *p = buf;

	while (size > 0) {
		UINTN n = size;
		EFI_STATUS st = fh->Read(fh, &n, p);
		if (EFI_ERROR(st))
			fatal(L"%s: read failed: %r\n", path, st);
		if (n == 0)
			fatal(L"%s: file ended early\n", path);
		p += n;
		size -= n;
	}
	fh->Close(fh);
}

/* --------------------------------------------------------------- kernel */

/* Copy one checked segment to its physical address; the range is already zeroed. */
static void load_segment(const UINT8 *file, const struct elf_segment *s)
{
	CopyMem((void *)s->paddr, (void *)(file + s->offset), s->filesz);
}

/*
 * Read and check \kernel.elf, then place its segments at their physical
 * addresses.  One allocation covers all of them, so segments that share a
 * page and the gaps between them need no special care.  Returns the entry.
 */
static UINT64 load_kernel(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	EFI_FILE_HANDLE fh;
	UINT64 size, lo, hi;
	struct elf_info info;
	const char *why;
	EFI_STATUS st = open_file(root, KERNEL_PATH, &fh, &size);

	if (EFI_ERROR(st))
		fatal(L"%s: cannot open: %r\n", KERNEL_PATH, st);
	UINT8 *file = alloc_pool(size, KERNEL_PATH);
	read_and_close(fh, KERNEL_PATH, file, size);

	if (elf_check(file, size, &info, &why) < 0 ||
	    elf_check_kernel(&info, KERNEL_VMA, KERNEL_PHYS_MIN, KERNEL_PHYS_MAX, &why) < 0)
		fatal(L"%s: %a\n", KERNEL_PATH, why);

	elf_phys_range(&info, &lo, &hi);
	EFI_PHYSICAL_ADDRESS first = lo & ~(PAGE_SIZE - 1);
	UINTN npages = EFI_SIZE_TO_PAGES(hi - first);
	st = BS->AllocatePages(AllocateAddress, EfiLoaderData, npages, &first);
	if (EFI_ERROR(st))
		fatal(L"%s: physical memory 0x%lx-0x%lx is not free: %r\n", KERNEL_PATH, lo, hi,
		      st);
	SetMem((void *)first, npages * PAGE_SIZE, 0); /* .bss and the gaps */
	for (int i = 0; i < info.nsegments; i++)
		load_segment(file, &info.seg[i]);
	FreePool(file);

	bi->kernel_phys_base = lo;
	bi->kernel_phys_size = hi - lo;
	Print(L"loader: kernel.elf: %d segments, entry 0x%lx, physical 0x%lx-0x%lx\n",
	      info.nsegments, info.entry, lo, hi);
	return info.entry;
}

/* ------------------------------------------------------ initrd, cmdline */

/* Read \initrd.cpio into pages of its own, where the kernel will find it. */
static void load_initrd(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	EFI_FILE_HANDLE fh;
	UINT64 size;
	const char *why;
	EFI_STATUS st = open_file(root, INITRD_PATH, &fh, &size);

	if (EFI_ERROR(st))
		fatal(L"%s: cannot open: %r\n", INITRD_PATH, st);
	void *archive = alloc_pages(EFI_SIZE_TO_PAGES(size > 0 ? size : 1), INITRD_PATH);
	read_and_close(fh, INITRD_PATH, archive, size);
	if (cpio_check(archive, size, &why) < 0)
		fatal(L"%s: %a\n", INITRD_PATH, why);

	bi->initrd_base = (UINT64)archive;
	bi->initrd_size = size;
	Print(L"loader: initrd.cpio: %ld bytes at 0x%lx\n", size, bi->initrd_base);
}

/*
 * Make a command line out of a text file: control characters (newlines,
 * tabs, stray NULs) become spaces and trailing spaces are dropped, so an
 * editor's final newline does not reach the kernel.  Returns the length.
 */
static UINTN tidy_cmdline(char *s, UINTN len)
{
	for (UINTN i = 0; i < len; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			s[i] = ' ';
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len;
}

/* \cmdline.txt is optional: without it the command line is empty. */
static void load_cmdline(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	EFI_FILE_HANDLE fh;
	UINT64 size;
	EFI_STATUS st = open_file(root, CMDLINE_PATH, &fh, &size);

	bi->cmdline[0] = '\0';
	if (st == EFI_NOT_FOUND) {
		Print(L"loader: cmdline: none (no %s)\n", CMDLINE_PATH);
		return;
	}
	if (EFI_ERROR(st))
		fatal(L"%s: cannot open: %r\n", CMDLINE_PATH, st);
	if (size > CMDLINE_FILE_MAX)
		fatal(L"%s: file too large\n", CMDLINE_PATH);

	char *text = alloc_pool(size, CMDLINE_PATH);
	read_and_close(fh, CMDLINE_PATH, text, size);
	UINTN len = tidy_cmdline(text, size);
	if (len > BOOT_CMDLINE_MAX - 1)
		fatal(L"%s: longer than %d characters\n", CMDLINE_PATH, BOOT_CMDLINE_MAX - 1);
	CopyMem(bi->cmdline, text, len);
	bi->cmdline[len] = '\0';
	FreePool(text);
	Print(L"loader: cmdline: \"%a\"\n", bi->cmdline);
}

/* ------------------------------------------------ firmware information */

/* The ACPI root pointer from the configuration table: 2.0 preferred, else 1.0. */
static UINT64 find_rsdp(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
	EFI_GUID acpi10 = ACPI_TABLE_GUID;
	UINT64 rsdp = 0;

	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (CompareGuid(&t->VendorGuid, &acpi20) == 0)
			return (UINT64)t->VendorTable;
		if (CompareGuid(&t->VendorGuid, &acpi10) == 0)
			rsdp = (UINT64)t->VendorTable;
	}
	return rsdp;
}

/* The GOP framebuffer in its current mode, if there is a linear one. */
static void find_framebuffer(struct boot_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;

	SetMem(fb, sizeof(*fb), 0);
	if (EFI_ERROR(LibLocateProtocol(&GraphicsOutputProtocol, (void **)&gop)) || gop == NULL ||
	    gop->Mode == NULL || gop->Mode->Info == NULL)
		return;

	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mode = gop->Mode->Info;
	if (mode->PixelFormat == PixelBltOnly) /* no linear framebuffer to hand over */
		return;
	fb->base = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = mode->HorizontalResolution;
	fb->height = mode->VerticalResolution;
	fb->pixels_per_line = mode->PixelsPerScanLine;
	if (mode->PixelFormat == PixelRedGreenBlueReserved8BitPerColor)
		fb->format = 0;
	else if (mode->PixelFormat == PixelBlueGreenRedReserved8BitPerColor)
		fb->format = 1;
	else
		fb->format = 2;
}

/* ----------------------------------------------------------- memory map */

/* Fetch the current map into mm->buf; returns the firmware's status. */
static EFI_STATUS get_memory_map(struct efi_memory_map *mm)
{
	mm->size = mm->capacity;
	return BS->GetMemoryMap(&mm->size, (EFI_MEMORY_DESCRIPTOR *)mm->buf, &mm->key,
	                        &mm->desc_size, &mm->desc_version);
}

/*
 * Allocate a buffer big enough for the memory map now plus slack: every
 * allocation made after this (page tables, stack) may split a region and
 * add descriptors, and no allocation is allowed between the final
 * GetMemoryMap and ExitBootServices.
 */
static void init_memory_map(struct efi_memory_map *mm)
{
	EFI_STATUS st;

	mm->buf = NULL;
	mm->capacity = 0;
	st = get_memory_map(mm); /* only asks for the size */
	if (st != EFI_BUFFER_TOO_SMALL)
		fatal(L"GetMemoryMap size query: %r\n", st);
	mm->capacity = mm->size + 32 * mm->desc_size;
	mm->buf = alloc_pages(EFI_SIZE_TO_PAGES(mm->capacity), L"the memory map");
	mm->capacity = EFI_SIZE_TO_PAGES(mm->capacity) * PAGE_SIZE;
	st = get_memory_map(mm);
	if (EFI_ERROR(st))
		fatal(L"GetMemoryMap: %r\n", st);
}

static EFI_MEMORY_DESCRIPTOR *descriptor(struct efi_memory_map *mm, UINTN i)
{
	return (EFI_MEMORY_DESCRIPTOR *)(mm->buf + i * mm->desc_size);
}

static UINTN descriptor_count(struct efi_memory_map *mm)
{
	return mm->size / mm->desc_size;
}

/* The end of the highest region the firmware knows about. */
static UINT64 memory_top(struct efi_memory_map *mm)
{
	UINT64 top = 0;

	for (UINTN i = 0; i < descriptor_count(mm); i++) {
		EFI_MEMORY_DESCRIPTOR *d = descriptor(mm, i);
		UINT64 end = d->PhysicalStart + d->NumberOfPages * PAGE_SIZE;
		if (end > top)
			top = end;
	}
	return top;
}

/* UEFI memory types -> boot_info's; see include/boot_info.h. */
static UINT32 boot_mem_type(UINT32 efi_type)
{
	switch (efi_type) {
	case EfiConventionalMemory:
	case EfiBootServicesCode: /* the firmware's, but only until ExitBootServices */
	case EfiBootServicesData:
		return BOOT_MEM_USABLE;
	case EfiLoaderCode: /* this program, and kernel, initrd, boot_info, tables */
	case EfiLoaderData:
		return BOOT_MEM_LOADER;
	case EfiACPIReclaimMemory:
		return BOOT_MEM_ACPI_RECLAIM;
	case EfiACPIMemoryNVS:
		return BOOT_MEM_ACPI_NVS;
	case EfiUnusableMemory:
		return BOOT_MEM_BAD;
	default: /* runtime services, MMIO, reserved, persistent, ... */
		return BOOT_MEM_RESERVED;
	}
}

/*
 * Insert a region into bi->mem, kept sorted by base, merging it with a
 * neighbour of the same type that it touches.  The firmware's map is
 * usually sorted already, but the specification does not promise it.
 * Returns 0, or -1 if the table is full (the region is then dropped).
 */
static int add_region(struct boot_info *bi, UINT64 base, UINT64 len, UINT32 type)
{
	struct boot_mem_region *m = bi->mem;
	UINT32 n = bi->mem_count, pos = 0;

	while (pos < n && m[pos].base <= base)
		pos++;
	if (pos > 0 && m[pos - 1].type == type && m[pos - 1].base + m[pos - 1].length == base) {
		m[pos - 1].length += len;
		/* The new piece may close the gap to the next region too. */
		if (pos < n && m[pos].type == type && base + len == m[pos].base) {
			m[pos - 1].length += m[pos].length;
			for (UINT32 i = pos; i + 1 < n; i++)
				m[i] = m[i + 1];
			bi->mem_count--;
		}
		return 0;
	}
	if (pos < n && m[pos].type == type && base + len == m[pos].base) {
		m[pos].base = base;
		m[pos].length += len;
		return 0;
	}
	if (n == BOOT_MEMMAP_MAX)
		return -1;
	for (UINT32 i = n; i > pos; i--)
		m[i] = m[i - 1];
	m[pos].base = base;
	m[pos].length = len;
	m[pos].type = type;
	m[pos].reserved = 0;
	bi->mem_count++;
	return 0;
}

/* Runs after ExitBootServices: pure computation, no firmware calls. */
static void convert_memory_map(struct efi_memory_map *mm, struct boot_info *bi)
{
	int dropped = 0;

	bi->mem_count = 0;
	for (UINTN i = 0; i < descriptor_count(mm); i++) {
		EFI_MEMORY_DESCRIPTOR *d = descriptor(mm, i);
		if (d->NumberOfPages == 0)
			continue;
		if (add_region(bi, d->PhysicalStart, d->NumberOfPages * PAGE_SIZE,
		               boot_mem_type(d->Type)) < 0)
			dropped++;
	}
	if (dropped)
		serial_puts("loader: warning: memory map too long, regions dropped\r\n");
}

/* ---------------------------------------------------------- page tables */

/*
 * Four-level tables with 2 MiB pages, in pages the kernel will not reuse:
 *   PML4[0]   -> low PDPT: identity map of physical 0 .. ngib GiB
 *   PML4[256] -> the same low PDPT: the direct map at 0xffff800000000000
 *   PML4[511] -> high PDPT: entries 510/511 map 0xffffffff80000000.. onto
 *                physical 0 .. 2 GiB (reusing the first two directories)
 * The identity map keeps this code running after CR3 changes; the kernel
 * builds its own tables soon after.  Returns the PML4's physical address.
 */
static UINT64 build_page_tables(UINT64 ngib)
{
	UINTN npages = 3 + ngib; /* PML4, two PDPTs, one directory per GiB */
	UINT64 *t = alloc_pages(npages, L"page tables");
	UINT64 *pml4 = t, *pdpt_low = t + 512, *pdpt_high = t + 1024, *pd = t + 1536;
	const UINT64 table = PTE_PRESENT | PTE_WRITE;

	SetMem(t, npages * PAGE_SIZE, 0);
	for (UINT64 i = 0; i < ngib * 512; i++)
		pd[i] = (i << 21) | table | PTE_HUGE;
	for (UINT64 g = 0; g < ngib; g++)
		pdpt_low[g] = (UINT64)&pd[g * 512] | table;
	pdpt_high[510] = (UINT64)&pd[0] | table;
	pdpt_high[511] = (UINT64)&pd[512] | table;
	pml4[0] = (UINT64)pdpt_low | table;
	pml4[256] = (UINT64)pdpt_low | table;
	pml4[511] = (UINT64)pdpt_high | table;
	return (UINT64)pml4;
}

/* How many GiB to identity-map: all the firmware's map, at least 4 GiB. */
static UINT64 gib_to_map(UINT64 top)
{
	UINT64 ngib = (top + GIB - 1) / GIB;

	if (ngib < MAP_MIN_GIB)
		ngib = MAP_MIN_GIB;
	if (ngib > MAP_MAX_GIB) {
		Print(L"loader: warning: mapping only the first %ld GiB\n", MAP_MAX_GIB);
		ngib = MAP_MAX_GIB;
	}
	return ngib;
}

/* ------------------------------------------------------------- hand-over */

/*
 * Take the final memory map and leave boot services.  ExitBootServices
 * fails with EFI_INVALID_PARAMETER if the map changed since GetMemoryMap
 * (firmware events can allocate); then only GetMemoryMap may be called
 * again before retrying, so no Print in the loop after the first try.
 */
static void exit_boot_services(EFI_HANDLE image, struct efi_memory_map *mm)
{
	EFI_STATUS st = get_memory_map(mm);

	if (EFI_ERROR(st))
		fatal(L"final GetMemoryMap: %r\n", st);
	for (int attempt = 1;; attempt++) {
		st = BS->ExitBootServices(image, mm->key);
		if (st == EFI_SUCCESS)
			return;
		if (st != EFI_INVALID_PARAMETER || attempt == EXIT_BOOT_SERVICES_TRIES)
			fatal_after_exit("ExitBootServices failed: status ", st);
		st = get_memory_map(mm);
		if (EFI_ERROR(st))
			fatal_after_exit("GetMemoryMap after a failed ExitBootServices: status ",
			                 st);
	}
}

/*
 * Switch to our page tables and stack and call the kernel.  This is
 * assembly because C cannot change its own stack pointer and keep
 * running; the call follows kernel_entry_t's System V convention by hand
 * (argument in RDI, RSP 16-byte aligned before the call).  The loader's
 * code, this stack and boot_info are all identity-mapped by the new tables.
 */
static void __attribute__((noreturn))
enter_kernel(kernel_entry_t entry, struct boot_info *bi, UINT64 pml4, UINT64 stack_top)
{
	bi->loader_tsc = rdtsc();
	__asm__ volatile("cli\n\t"
	                 "mov %[pml4], %%cr3\n\t"
	                 "mov %[stack], %%rsp\n\t"
	                 "xor %%ebp, %%ebp\n\t"
	                 "call *%[entry]\n\t"
	                 "ud2"
	                 :
	                 : [pml4] "r"(pml4), [stack] "r"(stack_top), [entry] "r"(entry), "D"(bi)
	                 : "memory");
	__builtin_unreachable();
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct efi_memory_map mm;

	InitializeLib(image, systab);
	Print(L"loader: shmos UEFI loader\n");

	struct boot_info *bi =
	    alloc_pages(EFI_SIZE_TO_PAGES(sizeof(struct boot_info)), L"boot_info");
	SetMem(bi, sizeof(*bi), 0);
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);
	bi->boot_method = BOOT_METHOD_UEFI;

	EFI_FILE_HANDLE root = open_boot_volume(image);
	kernel_entry_t entry = (kernel_entry_t)load_kernel(root, bi);
	load_initrd(root, bi);
	load_cmdline(root, bi);
	root->Close(root);

	bi->rsdp = find_rsdp();
	find_framebuffer(&bi->fb);
	if (bi->fb.base)
		Print(L"loader: rsdp 0x%lx, framebuffer %dx%d at 0x%lx\n", bi->rsdp, bi->fb.width,
		      bi->fb.height, bi->fb.base);
	else
		Print(L"loader: rsdp 0x%lx, no framebuffer\n", bi->rsdp);

	init_memory_map(&mm);
	UINT64 ngib = gib_to_map(memory_top(&mm));
	UINT64 pml4 = build_page_tables(ngib);
	UINT8 *stack = alloc_pages(KERNEL_STACK_PAGES, L"the kernel entry stack");
	Print(L"loader: mapped 0-%ld GiB; exiting boot services\n", ngib);

	exit_boot_services(image, &mm);
	convert_memory_map(&mm, bi);
	enter_kernel(entry, bi, pml4, (UINT64)(stack + KERNEL_STACK_PAGES * PAGE_SIZE));
}
