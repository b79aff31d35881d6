/*
 * main.c: kmain, the kernel's C entry point, and the order of boot.
 *
 * Both front doors (boot/uefi and boot/pvh) arrive at _start
 * (kernel/entry.asm), which calls kmain with a struct boot_info.  Nothing
 * after boot_info_copy() knows or cares which door was used.
 */
#include "include/boot_info.h"
#include "kernel/clock.h"
#include "kernel/cmdline.h"
#include "kernel/acpi.h"
#include "kernel/cpu.h"
#include "kernel/ioapic.h"
#include "kernel/gdt.h"
#include "fs/vfs.h"
#include "ipc/msg.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/tty.h"
#include "kernel/proc.h"
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"

#define KERNEL_STACK_PAGES 4

struct boot_info boot_info; /* the kernel's own copy: the loader's memory is not ours */
extern uint64_t kernel_entry_tsc;
static uint64_t banner_tsc;

extern void run_on_stack(void (*fn)(void *), void *arg, uintptr_t stack_top)
    __attribute__((noreturn));

static const char *boot_method_name(uint32_t m)
{
	return m == BOOT_METHOD_UEFI ? "UEFI" : m == BOOT_METHOD_PVH ? "PVH" : "an unknown path";
}

/* Take our own copy before the boot path's page tables (and its memory) go away. */
static void boot_info_copy(const struct boot_info *bi)
{
	if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION ||
	    bi->size != sizeof(struct boot_info))
		panic("boot_info: bad magic %lx / version %u / size %u (expected %lx / %u / %lu)",
		      bi->magic, bi->version, bi->size, BOOT_INFO_MAGIC, BOOT_INFO_VERSION,
		      sizeof(struct boot_info));
	memcpy(&boot_info, bi, sizeof(boot_info));
	boot_info.cmdline[BOOT_CMDLINE_MAX - 1] = '\0';
	if (boot_info.mem_count > BOOT_MEMMAP_MAX)
		boot_info.mem_count = BOOT_MEMMAP_MAX;
	kernel_phys_base = boot_info.kernel_phys_base;
}

static void print_banner(void)
{
	banner_tsc = rdtsc();
	printk("shmos %s x86_64, booted via %s\n", SHMOS_VERSION,
	       boot_method_name(boot_info.boot_method));
	size_t total = frame_total_count(), free = frame_free_count();
	printk("mem: %lu MiB usable, %lu MiB free (%lu of %lu frames), kernel %lu KiB at %#lx, "
	       "initrd %lu KiB\n",
	       total * PAGE_SIZE >> 20, free * PAGE_SIZE >> 20, free, total,
	       boot_info.kernel_phys_size >> 10, boot_info.kernel_phys_base,
	       boot_info.initrd_size >> 10);
	printk("cmdline: %s\n", boot_info.cmdline);
}

static void print_boot_timing(void)
{
	uint64_t us = tsc_to_ns(banner_tsc - kernel_entry_tsc) / 1000;
	printk("boot: kernel entry to banner %lu.%03lu ms", us / 1000, us % 1000);
	if (boot_info.loader_tsc && boot_info.loader_tsc < kernel_entry_tsc) {
		uint64_t lus = tsc_to_ns(banner_tsc - boot_info.loader_tsc) / 1000;
		printk(", loader hand-over to banner %lu.%03lu ms", lus / 1000, lus % 1000);
	}
	printk(" (guest TSC)\n");
}

/*
 * Start /bin/init.  With init=PROGRAM (and initargs="A B" from
 * tools/qemu-run) init runs PROGRAM and reports its status; without, it
 * starts the shell on the console.
 */
static int start_init(void)
{
	static char args[BOOT_CMDLINE_MAX];
	static char *argv[CMDLINE_MAX_OPTIONS + 3];
	int argc = 0;
	argv[argc++] = "init";
	const char *program = cmdline_get("init");
	if (program && *program) {
		argv[argc++] = (char *)program;
		strlcpy(args, cmdline_get("initargs") ? cmdline_get("initargs") : "", sizeof(args));
		for (char *s = args; *s && argc < CMDLINE_MAX_OPTIONS + 2;) {
			while (*s == ' ')
				*s++ = '\0';
			if (*s)
				argv[argc++] = s;
			while (*s && *s != ' ')
				s++;
		}
	}
	argv[argc] = 0;
	return proc_start_init("/bin/init", argv);
}

/* System V shared memory, with limits from the command line (shmmax=, shmall=, shmmni=). */
static void shm_setup(void)
{
	shm_init();
	shm_limits.shmmax = cmdline_get_u64("shmmax", shm_limits.shmmax);
	shm_limits.shmall = cmdline_get_u64("shmall", shm_limits.shmall);
	shm_limits.shmmni = cmdline_get_u64("shmmni", shm_limits.shmmni);
	if (shm_limits.shmmni > IPCMNI)
		shm_limits.shmmni = IPCMNI;
	sem_init();
	msg_init();
	msg_set_limits(cmdline_get_u64("msgmax", MSGMAX), cmdline_get_u64("msgmnb", MSGMNB),
	               cmdline_get_u64("msgmni", MSGMNI));
}

/* The rest of boot, on a guarded kernel stack. */
static void __attribute__((noreturn)) kmain_on_stack(void *unused)
{
	(void)unused;
	trap_init_stacks();
	print_banner();
	clock_init();
	print_boot_timing();
	acpi_init(boot_info.rsdp);
	ioapic_init();
	tty_init();
	serial_start_input();
	vfs_init(boot_info.initrd_base, boot_info.initrd_size);
	shm_setup();
	syscall_init();
	proc_init();
	sti();

	extern bool syscall_trace;
	syscall_trace = cmdline_has("strace");
	crash_if_asked(cmdline_get("crash"));
	/* `selftest` on the command line: the in-kernel tests, then power off. */
	if (cmdline_has("selftest"))
		power_off(selftest_run());
	if (start_init() < 0)
		power_off(127);
	scheduler();
}

/* The kernel's C entry point: called once, from _start, on the boot stack. */
void __attribute__((noinline)) kmain(const struct boot_info *bi)
{
	cpu_init_this(0); /* before anything that may take a lock, like printk */
	serial_init();
	boot_info_copy(bi);
	gdt_init();
	trap_init();
	if (cmdline_parse(boot_info.cmdline) < 0)
		printk("cmdline: too many options or an unclosed quote; some ignored\n");

	frame_init(&boot_info);
	kvm_init(&boot_info);
	cpu_enable_protections();

	uintptr_t stack = kstack_alloc(KERNEL_STACK_PAGES);
	if (!stack)
		panic("no memory for the kernel stack");
	run_on_stack(kmain_on_stack, 0, stack);
}
