/*
 * exec.c: replacing a process's program (execve, and starting init).
 *
 * All the work happens on a new address space.  Only when the program is
 * loaded and its stack built does the process switch to it and free the
 * old one, so a bad or truncated file leaves the caller running, with
 * execve returning -ENOEXEC.
 *
 * The initial stack, as the System V x86-64 ABI and musl's _start expect:
 *
 *   USER_STACK_TOP
 *     argument and environment strings, "x86_64", 16 random bytes
 *     (padding to 16 bytes)
 *     auxv: (AT_PHDR, ...) ... (AT_NULL, 0)
 *     NULL, envp[envc-1] ... envp[0]
 *     NULL, argv[argc-1] ... argv[0]
 *     argc                                  <- rsp, 16-byte aligned
 */
#include "boot/elf_check.h"
#include "include/uapi/errno.h"
#include "kernel/exec.h"
#include "kernel/gdt.h"
#include "fs/vfs.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/usercopy.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/uvm.h"

#include <linux/auxvec.h>
#include <linux/stat.h>

#define MAX_AUXV 24

int exec_args_init(struct exec_args *a)
{
	a->buf = kmalloc(EXEC_ARGS_MAX);
	a->used = 0;
	a->argc = a->envc = 0;
	return a->buf ? 0 : -ENOMEM;
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	a->buf = 0;
}

/* Room for one more string of len bytes (plus NUL), or -E2BIG. */
char *exec_args_room(struct exec_args *a, size_t len)
{
	if (len + 1 > EXEC_ARGS_MAX - a->used)
		return 0;
	return a->buf + a->used;
}

int exec_args_push(struct exec_args *a, const char *s, int is_env)
{
	size_t len = strlen(s);
	char *dst = exec_args_room(a, len);
	if (!dst)
		return -E2BIG;
	memcpy(dst, s, len + 1);
	exec_args_commit(a, len, is_env);
	return 0;
}

void exec_args_commit(struct exec_args *a, size_t len, int is_env)
{
	a->used += len + 1;
	if (is_env)
		a->envc++;
	else
		a->argc++;
}

/* Load every PT_LOAD segment into new regions of mm. */
static int load_segments(struct mm *mm, const void *file, const struct elf_info *info)
{
	uint64_t highest = 0;
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		uint64_t start = PAGE_ROUND_DOWN(s->vaddr),
		         end = PAGE_ROUND_UP(s->vaddr + s->memsz);
		if (start < USER_MIN_ADDR || end > USER_MMAP_TOP || end < start)
			return -ENOEXEC; /* outside user space, or over the stack */
		/* Linux maps segments page by page from the file, so their offset and
		 * address must agree within a page; we copy, but refuse the same files. */
		if ((s->vaddr - s->offset) % PAGE_SIZE)
			return -ENOEXEC;
		int prot = PROT_READ | ((s->flags & ELF_PF_W) ? PROT_WRITE : 0) |
		           ((s->flags & ELF_PF_X) ? PROT_EXEC : 0);
		int err = mm_map_anon(mm, start, end - start, prot, REGION_IMAGE);
		if (err)
			return err == -EEXIST ? -ENOEXEC : err; /* two segments in one page */
		err = mm_copy_out(mm, s->vaddr, (const char *)file + s->offset, s->filesz);
		if (err)
			return err;
		if (end > highest)
			highest = end;
	}
	mm->brk_start = mm->brk = highest;
	return 0;
}

/* Where the program headers are in memory: inside the segment that holds
 * file offset e_phoff (musl reads them through AT_PHDR for TLS). */
static uint64_t phdr_address(const struct elf64_ehdr *eh, const struct elf_info *info)
{
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		if (eh->e_phoff >= s->offset && eh->e_phoff - s->offset < s->filesz)
			return s->vaddr + (eh->e_phoff - s->offset);
	}
	return 0;
}

static void random_bytes(uint8_t out[16])
{
	uint64_t x = rdtsc() ^ 0x9e3779b97f4a7c15UL;
	for (int i = 0; i < 16; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 over the TSC */
		out[i] = x >> 56;
	}
}

/* Build the initial stack in mm; returns the initial rsp, or a negative errno. */
static long build_stack(struct mm *mm, struct proc *p, const struct exec_args *args,
                        const struct elf64_ehdr *eh, const struct elf_info *info,
                        const char *execfn)
{
	int err = mm_map_anon(mm, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE,
	                      PROT_READ | PROT_WRITE, REGION_STACK);
	if (err)
		return err;
	/* Strings first, at the very top. */
	uint64_t sp = USER_STACK_TOP;
	sp -= args->used;
	uint64_t strings = sp;
	if ((err = mm_copy_out(mm, strings, args->buf, args->used)))
		return err;
	/* The argv strings, for /proc/PID/cmdline: everything before the environment. */
	const char *end_of_argv = args->buf;
	for (int i = 0; i < args->argc; i++)
		end_of_argv += strlen(end_of_argv) + 1;
	mm->arg_start = strings;
	mm->arg_end = strings + (end_of_argv - args->buf);
	size_t fnlen = strlen(execfn) + 1;
	sp -= fnlen;
	uint64_t execfn_addr = sp;
	static const char platform[] = "x86_64";
	sp -= sizeof(platform);
	uint64_t platform_addr = sp;
	uint8_t rnd[16];
	random_bytes(rnd);
	sp -= 16;
	uint64_t random_addr = sp;
	if ((err = mm_copy_out(mm, execfn_addr, execfn, fnlen)) ||
	    (err = mm_copy_out(mm, platform_addr, platform, sizeof(platform))) ||
	    (err = mm_copy_out(mm, random_addr, rnd, 16)))
		return err;

	uint64_t auxv[MAX_AUXV * 2];
	int n = 0;
#define AUX(type, value) (auxv[n++] = (type), auxv[n++] = (value))
	AUX(AT_PHDR, phdr_address(eh, info));
	AUX(AT_PHENT, eh->e_phentsize);
	AUX(AT_PHNUM, eh->e_phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, eh->e_entry);
	AUX(AT_UID, p->cred.uid);
	AUX(AT_EUID, p->cred.euid);
	AUX(AT_GID, p->cred.gid);
	AUX(AT_EGID, p->cred.egid);
	AUX(AT_SECURE, 0);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PLATFORM, platform_addr);
	AUX(AT_RANDOM, random_addr);
	AUX(AT_EXECFN, execfn_addr);
	AUX(AT_NULL, 0);
#undef AUX

	/* argc, argv pointers, NULL, envp pointers, NULL, auxv: one array of words. */
	size_t nwords = 1 + args->argc + 1 + args->envc + 1 + n;
	sp = (sp - nwords * 8) & ~15UL;
	uint64_t *words = kmalloc(nwords * 8);
	if (!words)
		return -ENOMEM;
	size_t w = 0;
	const char *s = args->buf; /* argv strings, then envp strings, each NUL-terminated */
	words[w++] = args->argc;
	for (int i = 0; i < args->argc; i++, s += strlen(s) + 1)
		words[w++] = strings + (s - args->buf);
	words[w++] = 0; /* end of argv */
	for (int i = 0; i < args->envc; i++, s += strlen(s) + 1)
		words[w++] = strings + (s - args->buf);
	words[w++] = 0; /* end of envp */
	memcpy(&words[w], auxv, n * 8);
	err = mm_copy_out(mm, sp, words, nwords * 8);
	kfree(words);
	return err ? err : (long)sp;
}

/* Read a whole executable into a kernel buffer (the ELF checks want it in one piece). */
static int read_executable(struct proc *p, const char *path, void **data, size_t *size)
{
	struct inode *ip;
	int err = path_lookup(p->cwd, path, true, &ip);
	if (err)
		return err;
	if (!S_ISREG(ip->mode))
		err = -EACCES; /* directories, devices, FIFOs */
	else
		err = inode_permission(ip, MAY_EXEC);
	if (!err && ip->size > EXEC_FILE_MAX)
		err = -E2BIG;
	void *buf = 0;
	if (!err && !(buf = kmalloc(ip->size ? ip->size : 1)))
		err = -ENOMEM;
	if (!err) {
		sleeplock_acquire(&ip->sb->lock);
		long n = ip->ops->read(ip, 0, KERNEL_BUF(buf), ip->size);
		sleeplock_release(&ip->sb->lock);
		if (n != (long)ip->size)
			err = n < 0 ? (int)n : -EIO;
	}
	*size = ip->size;
	iput(ip);
	if (err) {
		kfree(buf);
		return err;
	}
	*data = buf;
	return 0;
}

int exec_program(struct proc *p, const char *path, const struct exec_args *args)
{
	void *file;
	size_t size;
	int err = read_executable(p, path, &file, &size);
	if (err)
		return err;
	struct elf_info info;
	const char *why = 0;
	if (elf_check(file, size, &info, &why) < 0) {
		kfree(file);
		return -ENOEXEC;
	}
	const struct elf64_ehdr *eh = file;
	struct mm *mm = mm_create();
	err = mm ? load_segments(mm, file, &info) : -ENOMEM;
	long sp = err ? err : build_stack(mm, p, args, eh, &info, path);
	uint64_t entry = eh->e_entry;
	kfree(file);
	if (sp < 0) {
		if (mm)
			mm_destroy(mm);
		return (int)sp;
	}

	/* The point of no return: switch the process to its new program. */
	struct mm *old = p->mm;
	p->mm = mm;
	if (p == myproc())
		vm_activate(mm->pml4);
	if (old)
		mm_destroy(old);

	struct trapframe *tf = p->tf;
	memset(tf, 0, sizeof(*tf));
	tf->rip = entry;
	tf->rsp = sp;
	tf->rflags = RFLAGS_IF;
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	p->fs_base = 0;
	if (p == myproc())
		wrmsr(MSR_FS_BASE, 0);
	proc_reset_fpu(p);
	signal_exec_reset(p);
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd] && (p->cloexec & (1UL << fd))) {
			file_close(p->files[fd]);
			p->files[fd] = 0;
		}
	}
	p->cloexec = 0;
	const char *base = path;
	for (const char *c = path; *c; c++)
		if (*c == '/' && c[1])
			base = c + 1;
	strlcpy(p->name, base, sizeof(p->name));
	return 0;
}

int exec_into(struct proc *p, const char *path, char *const argv[], char *const envp[])
{
	struct exec_args args;
	int err = exec_args_init(&args);
	for (int i = 0; !err && argv[i]; i++)
		err = exec_args_push(&args, argv[i], 0);
	for (int i = 0; !err && envp[i]; i++)
		err = exec_args_push(&args, envp[i], 1);
	if (!err)
		err = exec_program(p, path, &args);
	exec_args_free(&args);
	return err;
}
