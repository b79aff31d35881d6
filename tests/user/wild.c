/*
 * wild: a process that does something forbidden is killed by the right
 * signal, and neither its parent nor the kernel notices anything else.
 *
 * Every check runs in a forked child (expect_signal) and the parent checks
 * the wait status: WIFSIGNALED with
 *
 *   SIGSEGV  a page fault the kernel cannot fix (no mapping, or the wrong
 *            rights: write to read-only, execute a no-execute page, touch a
 *            kernel page), or a general-protection fault (#GP: a privileged
 *            instruction, a non-canonical address, a bad segment)
 *   SIGILL   an invalid opcode (#UD: ud2)
 *   SIGFPE   a divide error (#DE: divide by zero, INT_MIN / -1)
 *   SIGTRAP  a breakpoint (#BP: int3)
 *
 * The last group abuses rt_sigreturn: a signal handler may edit the saved
 * registers it is given (its ucontext) before returning, so the kernel must
 * check what it restores, exactly as if the values came from an attacker.
 */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>

#define KERNEL_ADDR  0xffffffff80000000UL
#define NONCANONICAL 0x0000800000000000UL

/* Call the code at addr (through a volatile pointer, so the compiler cannot object). */
static void call_at(uintptr_t addr)
{
	void (*volatile fn)(void) = (void (*)(void))addr;
	fn();
}

static void write_null(void)
{
	*(volatile int *)0 = 1;
}
static void read_null(void)
{
	(void)*(volatile int *)0;
}
static void jump_null(void)
{
	call_at(0);
}
static void read_kernel(void)
{
	(void)*(volatile char *)KERNEL_ADDR;
}
static void write_kernel(void)
{
	*(volatile char *)KERNEL_ADDR = 1;
}
static void jump_kernel(void)
{
	call_at(KERNEL_ADDR);
}
static void read_noncanonical(void)
{
	(void)*(volatile char *)NONCANONICAL;
}
static void jump_noncanonical(void)
{
	call_at(NONCANONICAL);
}

/* A "ret" instruction in a page mapped read+write but not execute. */
static void exec_nx_page(void)
{
	unsigned char *p =
	    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(3);
	p[0] = 0xc3;
	call_at((uintptr_t)p);
}

/* The stack is not executable either (the ELF file's PT_GNU_STACK says so). */
static void exec_stack(void)
{
	volatile unsigned char code[16] = {0xc3};
	call_at((uintptr_t)code);
}

/* Our own code is mapped read+execute, our constants read-only. */
static void write_text(void)
{
	*(volatile unsigned char *)(uintptr_t)write_text = 0xc3;
}
static void write_rodata(void)
{
	static const char constant[] = "constant";
	*(volatile char *)(uintptr_t)constant = 'C';
}

static void ud2(void)
{
	__asm__ volatile("ud2");
}
static void divide_by_zero(void)
{
	__asm__ volatile("xor %%edx, %%edx\n\t"
	                 "mov $1, %%eax\n\t"
	                 "xor %%ecx, %%ecx\n\t"
	                 "div %%ecx" ::
	                     : "eax", "ecx", "edx");
}
static void divide_overflow(void)
{
	/* INT_MIN / -1 does not fit in 32 bits: also a divide error. */
	__asm__ volatile("mov $0x80000000, %%eax\n\t"
	                 "cdq\n\t"
	                 "mov $-1, %%ecx\n\t"
	                 "idiv %%ecx" ::
	                     : "eax", "ecx", "edx");
}
static void breakpoint(void)
{
	__asm__ volatile("int3");
}

/* Privileged instructions: only ring 0 (or IOPL 3, for cli and I/O) may. */
static void hlt(void)
{
	__asm__ volatile("hlt");
}
static void cli(void)
{
	__asm__ volatile("cli");
}
static void io_port(void)
{
	__asm__ volatile("outb %%al, $0x80" ::"a"(0)); /* port 0x80: the POST code port, harmless */
}
/* A software interrupt to the page-fault vector: its gate must be ring-0 only. */
static void int_page_fault_vector(void)
{
	__asm__ volatile("int $0x0e");
}

/* Unbounded recursion: the stack grows down until it hits its limit. */
static volatile long depth_limit = -1; /* never reached: -1 is ~0 as an unsigned count */
__attribute__((noinline)) static long recurse(volatile char *prev)
{
	volatile char frame[1024];
	frame[0] = prev ? prev[0] + 1 : 0;
	if (depth_limit-- == 0)
		return 0;
	return recurse(frame) + frame[1];
}
static void stack_overflow(void)
{
	recurse(NULL);
}

/* ---------------------------------------------------- rt_sigreturn abuse --- */

static int edit; /* what the handler does to the saved registers */

enum { RIP_NONCANONICAL, RIP_KERNEL, CS_0x08, CS_0x10, EFLAGS_IOPL3 };

static void set_cs(ucontext_t *uc, unsigned long cs)
{
	/* REG_CSGSFS holds cs in bits 0-15 (then gs, fs, ss). */
	uc->uc_mcontext.gregs[REG_CSGSFS] = (uc->uc_mcontext.gregs[REG_CSGSFS] & ~0xffffL) | cs;
}

static void editing_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	(void)sig;
	(void)si;
	switch (edit) {
	case RIP_NONCANONICAL:
		uc->uc_mcontext.gregs[REG_RIP] = NONCANONICAL;
		break;
	case RIP_KERNEL:
		uc->uc_mcontext.gregs[REG_RIP] = KERNEL_ADDR;
		break;
	case CS_0x08:
		set_cs(uc, 0x08);
		break;
	case CS_0x10:
		set_cs(uc, 0x10);
		break;
	case EFLAGS_IOPL3:
		uc->uc_mcontext.gregs[REG_EFL] |= 0x3000; /* IOPL 3 would allow cli and I/O */
		break;
	}
}

static void return_edited(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = editing_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	/* Only reached if the kernel ignored the edit; for IOPL 3, I/O must still trap. */
	if (edit == EFLAGS_IOPL3)
		io_port();
}

static void sigreturn_rip_noncanonical(void)
{
	edit = RIP_NONCANONICAL;
	return_edited();
}
static void sigreturn_rip_kernel(void)
{
	edit = RIP_KERNEL;
	return_edited();
}
static void sigreturn_cs_0x08(void)
{
	edit = CS_0x08;
	return_edited();
}
static void sigreturn_cs_0x10(void)
{
	edit = CS_0x10;
	return_edited();
}
static void sigreturn_iopl(void)
{
	edit = EFLAGS_IOPL3;
	return_edited();
}

/* rt_sigreturn without any signal: the "frame" is whatever rsp points at. */
static void sigreturn_zero_frame(void)
{
	static char frame[4096] __attribute__((aligned(16)));
	__asm__ volatile("mov %0, %%rsp\n\t"
	                 "mov $15, %%eax\n\t"
	                 "syscall" ::"r"(frame + 2048)
	                 : "memory");
}
static void sigreturn_bad_rsp(void)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
	                 "mov $15, %%eax\n\t"
	                 "syscall" ::"r"(NONCANONICAL)
	                 : "memory");
}

int main(void)
{
	check_init("wild");

	expect_signal("write_null", write_null, SIGSEGV);
	expect_signal("read_null", read_null, SIGSEGV);
	expect_signal("jump_null", jump_null, SIGSEGV);
	expect_signal("read_kernel", read_kernel, SIGSEGV);
	expect_signal("write_kernel", write_kernel, SIGSEGV);
	expect_signal("jump_kernel", jump_kernel, SIGSEGV);
	expect_signal("read_noncanonical", read_noncanonical, SIGSEGV);
	expect_signal("jump_noncanonical", jump_noncanonical, SIGSEGV);
	expect_signal("exec_nx_page", exec_nx_page, SIGSEGV);
	expect_signal("exec_stack", exec_stack, SIGSEGV);
	expect_signal("write_text", write_text, SIGSEGV);
	expect_signal("write_rodata", write_rodata, SIGSEGV);
	expect_signal("ud2_sigill", ud2, SIGILL);
	expect_signal("divide_by_zero_sigfpe", divide_by_zero, SIGFPE);
	expect_signal("divide_overflow_sigfpe", divide_overflow, SIGFPE);
	expect_signal("int3_sigtrap", breakpoint, SIGTRAP);
	expect_signal("hlt_sigsegv", hlt, SIGSEGV);
	expect_signal("cli_sigsegv", cli, SIGSEGV);
	expect_signal("io_port_sigsegv", io_port, SIGSEGV);
	expect_signal("int_0x0e_sigsegv", int_page_fault_vector, SIGSEGV);
	expect_signal("stack_overflow", stack_overflow, SIGSEGV);

	expect_signal("sigreturn_rip_noncanonical", sigreturn_rip_noncanonical, SIGSEGV);
	expect_signal("sigreturn_rip_kernel", sigreturn_rip_kernel, SIGSEGV);
	expect_signal("sigreturn_cs_0x08", sigreturn_cs_0x08, SIGSEGV);
	expect_signal("sigreturn_cs_0x10", sigreturn_cs_0x10, SIGSEGV);
	expect_signal("sigreturn_eflags_iopl", sigreturn_iopl, SIGSEGV);
	expect_signal("sigreturn_zero_frame", sigreturn_zero_frame, SIGSEGV);
	expect_signal("sigreturn_bad_rsp", sigreturn_bad_rsp, SIGSEGV);

	/* We are still here: all of that hurt nobody but the children. */
	check(getpid() > 0, "parent_survives", "?");
	return summary();
}
