/*
 * procfs.c: /proc, the kernel's state as text files, in Linux's formats.
 *
 *   /proc/meminfo, /proc/uptime       the machine
 *   /proc/self                        the reading process's own /proc/PID
 *   /proc/PID/stat, status, cmdline   one directory per live process (zombies too)
 *
 * The tree is a table of struct proc_entry: a file names the callback that
 * writes its text (and, if writable, the one that takes what is written); a
 * directory lists its entries.  Every /proc/PID has the entries of
 * pid_entries, whose callbacks are given the pid.
 *
 * Nothing is stored.  A lookup makes a fresh inode (priv = its table entry)
 * and iput frees it at the last reference, because the superblock is
 * ephemeral; only the root lives on, held by its mount.  A read runs the
 * callback and copies the asked-for window of the text.  Inode numbers are
 * computed, so that a file has the same number at every lookup:
 *
 *   1              the root            2  "self", as readdir lists it
 *   3..255         the other fixed entries, numbered by procfs_create
 *   PID << 8 | k   /proc/PID (k = 0) and its entries (k = 1, 2, ...)
 */
#include <stdarg.h>

#include "fs/procfs.h"
#include "ipc/msg.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/tty.h"
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/exec.h"
#include "kernel/format.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/uvm.h"

#define ROOT_INO  1
#define SELF_INO  2
#define PID_SHIFT 8
/* readdir positions of the process directories: PID_POS + pid (pids only grow). */
#define PID_POS 512

#define CONSOLE_RDEV  MKDEV(5, 1)
#define RLIM_INFINITY (~0UL)

/* ------------------------------------------------------------- the text --- */

/* Make room for `more` bytes and a NUL after what t holds; false if memory is short. */
static bool text_reserve(struct procfs_text *t, size_t more)
{
	if (t->err)
		return false;
	if (t->len + more < t->cap)
		return true;
	size_t cap = t->cap ? t->cap : 512;
	while (cap <= t->len + more)
		cap *= 2;
	char *buf = kmalloc(cap);
	if (!buf) {
		t->err = -ENOMEM;
		return false;
	}
	if (t->len)
		memcpy(buf, t->buf, t->len);
	kfree(t->buf);
	t->buf = buf;
	t->cap = cap;
	return true;
}

void procfs_printf(struct procfs_text *t, const char *fmt, ...)
{
	if (!text_reserve(t, 0))
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnformat(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + n >= t->cap) { /* cut short: grow and format again */
		if (!text_reserve(t, n))
			return;
		va_start(ap, fmt);
		vsnformat(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
	}
	t->len += n;
}

void procfs_append(struct procfs_text *t, const void *bytes, size_t n)
{
	if (!text_reserve(t, n))
		return;
	memcpy(t->buf + t->len, bytes, n);
	t->len += n;
}

/* -------------------------------------------------------- the machine --- */

/* "MemTotal:         515072 kB": Linux pads the name and colon to 16 columns, the number to 8. */
static void meminfo_line(struct procfs_text *out, const char *name, uint64_t value,
                         const char *unit)
{
	int pad = 15 - (int)strlen(name) - 1;
	procfs_printf(out, "%s:%*s %8lu%s\n", name, pad > 0 ? pad : 0, "", value, unit);
}

static int show_meminfo(struct procfs_text *out, int pid)
{
	(void)pid;
	uint64_t total = frame_total_count(), free = frame_free_count(), heap = kheap_used();
	meminfo_line(out, "MemTotal", total * (PAGE_SIZE / 1024), " kB");
	meminfo_line(out, "MemFree", free * (PAGE_SIZE / 1024), " kB");
	meminfo_line(out, "MemAvailable", free * (PAGE_SIZE / 1024), " kB");
	/* shmos's own, exact figures for the leak checks. */
	meminfo_line(out, "KernelHeapUsed", heap / 1024, " kB");
	meminfo_line(out, "KernelHeapBytes", heap, "");
	meminfo_line(out, "FreeFrames", free, "");
	return 0;
}

/* Seconds since boot, and the idle time (not counted: 0). */
static int show_uptime(struct procfs_text *out, int pid)
{
	(void)pid;
	uint64_t centis = clock_ns() / 10000000;
	procfs_printf(out, "%lu.%02lu 0.00\n", centis / 100, centis % 100);
	return 0;
}

/* ------------------------------------------------------- the processes --- */

/*
 * The console's session and its foreground process group, for stat's
 * tty_nr and tpgid (kernel/tty.c).
 */
static int console_session(void)
{
	return tty_session();
}

/* 0 means "no foreground group"; stat's tpgid says -1 for that, as Linux. */
static int console_foreground_pgrp(void)
{
	int pgrp = tty_foreground_pgrp();
	return pgrp ? pgrp : -1;
}

static char state_letter(const struct proc *p)
{
	switch (p->state) {
	case P_RUNNABLE:
	case P_RUNNING:
		return 'R';
	case P_SLEEPING:
		return 'S';
	case P_STOPPED:
		return 'T';
	case P_ZOMBIE:
		return 'Z';
	default:
		return '?';
	}
}

static const char *state_name(char letter)
{
	switch (letter) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	case 'T':
		return "T (stopped)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "? (unknown)";
	}
}

/* The process's name, NUL-terminated whatever is in p->name. */
static void comm_of(const struct proc *p, char comm[sizeof(p->name)])
{
	memcpy(comm, p->name, sizeof(p->name));
	comm[sizeof(p->name) - 1] = '\0';
}

static int parent_pid(const struct proc *p)
{
	return p->parent ? p->parent->pid : 0;
}

/* Bytes of address space: every region, touched or not. */
static uint64_t vm_bytes(struct mm *mm)
{
	uint64_t sum = 0;
	for (struct region *r = mm ? mm->regions : 0; r; r = r->next)
		sum += r->end - r->start;
	return sum;
}

/* Pages actually mapped (the resident set): pages are filled in on first touch. */
static uint64_t resident_pages(struct mm *mm)
{
	if (!mm)
		return 0;
	uint64_t pages = 0;
	struct vm_iter it;
	for (vm_iter_init(&it, mm->pml4, 0, USER_TOP); vm_iter_next(&it);)
		pages += it.size / PAGE_SIZE;
	return pages;
}

/* Signals ignored (SIG_IGN) and caught (a handler), as bit masks. */
static void sig_dispositions(const struct proc *p, uint64_t *ignored, uint64_t *caught)
{
	*ignored = *caught = 0;
	for (int sig = 1; sig <= KERNEL_NSIG; sig++) {
		uint64_t handler = p->sig.action[sig].handler;
		if (handler == 1)
			*ignored |= sigbit(sig);
		else if (handler > 1)
			*caught |= sigbit(sig);
	}
}

/*
 * /proc/PID/stat, as proc(5) lists the 52 fields.  Fields shmos does not
 * keep (page faults, code and stack addresses, real-time scheduling) are 0;
 * the four signal masks are cut to 31 bits as Linux does.  Caller holds
 * proc_lock.
 */
static void format_stat(struct procfs_text *out, struct proc *p)
{
	char comm[sizeof(p->name)];
	comm_of(p, comm);
	int session = console_session();
	bool has_tty = session > 0 && p->sid == session;
	procfs_printf(out, "%d (%s) %c %d %d %d %d %d 0 0 0 0 0 ", p->pid, comm, state_letter(p),
	              parent_pid(p), p->pgid, p->sid, has_tty ? CONSOLE_RDEV : 0,
	              has_tty ? console_foreground_pgrp() : -1);
	procfs_printf(out, "%lu %lu %lu %lu 20 0 1 0 %lu %lu %lu %lu ", p->user_ticks,
	              p->system_ticks, p->child_user_ticks, p->child_system_ticks, p->start_ticks,
	              vm_bytes(p->mm), resident_pages(p->mm), RLIM_INFINITY);
	uint64_t ignored, caught;
	sig_dispositions(p, &ignored, &caught);
	const uint64_t low31 = 0x7fffffff;
	procfs_printf(out, "0 0 0 0 0 %lu %lu %lu %lu %d 0 0 %d 0 0 0 0 0 0 0 0 ",
	              p->sig.pending & low31, p->sig.blocked & low31, ignored & low31,
	              caught & low31, p->state == P_SLEEPING, SIGCHLD);
	struct mm *mm = p->mm;
	procfs_printf(out, "%lu %lu %lu 0 0 %d\n", mm ? mm->brk_start : 0, mm ? mm->arg_start : 0,
	              mm ? mm->arg_end : 0, p->state == P_ZOMBIE ? p->exit_status : 0);
}

/* status's Name: as Linux escapes it, so that a name cannot forge a line. */
static void name_escaped(struct procfs_text *out, const char *comm)
{
	for (const char *c = comm; *c; c++) {
		if (*c == '\n')
			procfs_printf(out, "\\n");
		else if (*c == '\t')
			procfs_printf(out, "\\t");
		else if (*c == '\\')
			procfs_printf(out, "\\\\");
		else
			procfs_append(out, c, 1);
	}
}

/* /proc/PID/status: the fields of Linux's that shmos has, in Linux's order.  Under proc_lock. */
static void format_status(struct procfs_text *out, struct proc *p)
{
	char comm[sizeof(p->name)];
	comm_of(p, comm);
	const struct cred *c = &p->cred;
	procfs_printf(out, "Name:\t");
	name_escaped(out, comm);
	procfs_printf(out, "\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n", p->umask,
	              state_name(state_letter(p)), p->pid, p->pid);
	procfs_printf(out, "PPid:\t%d\nTracerPid:\t0\n", parent_pid(p));
	/* real, effective, saved, file system (= effective here) */
	procfs_printf(out, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid, c->euid);
	procfs_printf(out, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid, c->egid);
	procfs_printf(out, "FDSize:\t%d\nGroups:\t", NOFILE);
	for (int i = 0; i < c->ngroups; i++)
		procfs_printf(out, i ? " %u" : "%u", c->groups[i]);
	procfs_printf(out, " \n"); /* Linux ends the list with a space */
	if (p->mm)
		procfs_printf(out, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n", vm_bytes(p->mm) / 1024,
		              resident_pages(p->mm) * (PAGE_SIZE / 1024));
	uint64_t ignored, caught;
	sig_dispositions(p, &ignored, &caught);
	/* kill() sends to the whole process: Linux shows that as shared pending (ShdPnd). */
	procfs_printf(out, "Threads:\t1\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n", 0UL, p->sig.pending);
	procfs_printf(out, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", p->sig.blocked,
	              ignored, caught);
}

/* The argument strings, each ended by a NUL, read out of the process's memory.  Under proc_lock. */
static void format_cmdline(struct procfs_text *out, struct proc *p)
{
	struct mm *mm = p->mm; /* NULL for a zombie: no arguments */
	if (!mm || mm->arg_end <= mm->arg_start)
		return;
	size_t n = mm->arg_end - mm->arg_start;
	if (n > EXEC_ARGS_MAX)
		n = EXEC_ARGS_MAX;
	if (text_reserve(out, n))
		out->len += mm_copy_in(mm, out->buf + out->len, mm->arg_start, n);
}

/*
 * Run a formatter on process pid under proc_lock, which keeps the process,
 * its mm and its parent from going away meanwhile (exit clears p->mm under
 * the lock before freeing it).  The text is copied to the reader later,
 * without the lock.
 */
static int with_proc(struct procfs_text *out, int pid,
                     void (*format)(struct procfs_text *, struct proc *))
{
	spin_lock(&proc_lock);
	struct proc *p = proc_find(pid);
	if (p)
		format(out, p);
	spin_unlock(&proc_lock);
	return p ? 0 : -ESRCH;
}

static int show_stat(struct procfs_text *out, int pid)
{
	return with_proc(out, pid, format_stat);
}

static int show_status(struct procfs_text *out, int pid)
{
	return with_proc(out, pid, format_status);
}

static int show_cmdline(struct procfs_text *out, int pid)
{
	return with_proc(out, pid, format_cmdline);
}

/* ------------------------------------------------------------ the tree --- */

/*
 * One file or directory.  A file's text comes from show (pid is 0 outside
 * /proc/PID); a writable file's store gets each write, NUL-terminated.  A
 * directory's children end with an entry without a name.
 */
struct proc_entry {
	const char *name;
	uint32_t mode;
	int (*show)(struct procfs_text *out, int pid);
	int (*store)(const char *text, size_t len);
	struct proc_entry *children;
	/* Set by number_entries: */
	struct proc_entry *parent;
	uint64_t ino;     /* within /proc/PID: the low bits k of PID << 8 | k */
	bool per_process; /* under /proc/PID */
};

/* clang-format off */
#define PROC_FILE(n, fn) {.name = (n), .mode = S_IFREG | 0444, .show = (fn)}
#define PROC_WRITABLE(n, fn, st) {.name = (n), .mode = S_IFREG | 0644, .show = (fn), .store = (st)}
#define PROC_DIR(n, ...) \
	{.name = (n), .mode = S_IFDIR | 0555, .children = (struct proc_entry[]){__VA_ARGS__, {0}}}

/*
 * What /proc holds, besides "self" and the process directories.  A new
 * directory with a file in it is one more line, e.g.
 *	PROC_DIR("sysvipc", PROC_FILE("shm", shm_show)),
 *	PROC_DIR("sys", PROC_DIR("kernel", PROC_WRITABLE("shmmax", shmmax_show, shmmax_store))),
 */
static struct proc_entry root = PROC_DIR("",
	PROC_FILE("meminfo", show_meminfo),
	PROC_FILE("uptime", show_uptime),
	PROC_DIR("sysvipc",
		PROC_FILE("shm", shm_show_segments),
		PROC_FILE("sem", sem_show_sets),
		PROC_FILE("msg", msg_show_queues)),
	PROC_DIR("sys", PROC_DIR("kernel",
		PROC_WRITABLE("msgmax", msg_show_msgmax, msg_store_msgmax),
		PROC_WRITABLE("msgmnb", msg_show_msgmnb, msg_store_msgmnb),
		PROC_WRITABLE("msgmni", msg_show_msgmni, msg_store_msgmni),
		PROC_WRITABLE("sem", sem_show_limits, sem_store_limits),
		PROC_WRITABLE("shmmax", shm_show_shmmax, shm_store_shmmax),
		PROC_WRITABLE("shmall", shm_show_shmall, shm_store_shmall),
		PROC_WRITABLE("shmmni", shm_show_shmmni, shm_store_shmmni))));

/* What every /proc/PID holds. */
static struct proc_entry pid_dir = PROC_DIR("PID",
	PROC_FILE("stat", show_stat),
	PROC_FILE("status", show_status),
	PROC_FILE("cmdline", show_cmdline));
/* clang-format on */

/* Give the entries under dir their parents and inode numbers, counting from *next. */
static void number_entries(struct proc_entry *dir, uint64_t *next, bool per_process)
{
	for (struct proc_entry *e = dir->children; e->name; e++) {
		e->parent = dir;
		e->ino = (*next)++;
		e->per_process = per_process;
		if (e->children)
			number_entries(e, next, per_process);
	}
	if (*next > (1UL << PID_SHIFT))
		panic("procfs: more than %lu entries in one numbering", 1UL << PID_SHIFT);
}

static const struct inode_ops procfs_ops;

static struct proc_entry *entry_of(struct inode *ip)
{
	return ip->priv;
}

static int pid_of(struct inode *ip)
{
	return (int)(ip->ino >> PID_SHIFT); /* 0 outside /proc/PID */
}

static uint64_t ino_of(const struct proc_entry *e, int pid)
{
	return e->per_process ? (uint64_t)pid << PID_SHIFT | e->ino : e->ino;
}

static unsigned dirent_type(uint32_t mode)
{
	return (mode & S_IFMT) >> 12; /* DT_* are the S_IF* type bits shifted down */
}

/* The owner of /proc/PID and what is in it: the process's effective ids, as on Linux. */
static int owner_of(int pid, uint32_t *uid, uint32_t *gid)
{
	spin_lock(&proc_lock);
	struct proc *p = proc_find(pid);
	if (p)
		*uid = p->cred.euid, *gid = p->cred.egid;
	spin_unlock(&proc_lock);
	return p ? 0 : -ENOENT;
}

/* A fresh inode for entry e (of process pid, if under /proc/PID); the root lives on. */
static int make_node(struct superblock *sb, struct proc_entry *e, int pid, struct inode **out)
{
	if (e == &root) {
		*out = iget(sb->root);
		return 0;
	}
	uint32_t uid = 0, gid = 0;
	if (e->per_process && owner_of(pid, &uid, &gid) < 0)
		return -ENOENT; /* the process has gone */
	struct inode *ip = inode_new(sb, e->mode, &procfs_ops);
	if (!ip)
		return -ENOMEM;
	ip->ino = ino_of(e, pid);
	ip->uid = uid;
	ip->gid = gid;
	ip->priv = e;
	*out = ip;
	return 0;
}

/* A process directory's name: digits without a leading zero, as Linux accepts; 0 if not one. */
static int parse_pid(const char *name)
{
	int pid = 0;
	if (name[0] == '0' || strlen(name) > 9)
		return 0;
	for (const char *c = name; *c; c++) {
		if (*c < '0' || *c > '9')
			return 0;
		pid = pid * 10 + (*c - '0');
	}
	return pid;
}

static int procfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct proc_entry *d = entry_of(dir);
	int pid = pid_of(dir);
	if (!d->children)
		return -ENOTDIR;
	if (strcmp(name, "..") == 0)
		return make_node(dir->sb, d->parent ? d->parent : &root, pid, out);
	for (struct proc_entry *e = d->children; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return make_node(dir->sb, e, pid, out);
	if (d != &root)
		return -ENOENT;
	/* "self" is not a link as on Linux but the caller's own directory itself. */
	if (strcmp(name, "self") == 0)
		return myproc() ? make_node(dir->sb, &pid_dir, myproc()->pid, out) : -ENOENT;
	pid = parse_pid(name);
	return pid ? make_node(dir->sb, &pid_dir, pid, out) : -ENOENT;
}

/* The lowest pid >= from of a live process (zombies included), or 0. */
static int next_live_pid(uint64_t from)
{
	int best = 0;
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (p->state != P_UNUSED && p->state != P_EMBRYO && (uint64_t)p->pid >= from &&
		    (!best || p->pid < best))
			best = p->pid;
	spin_unlock(&proc_lock);
	return best;
}

/* One directory entry, as readdir hands it on. */
struct listed {
	const char *name;
	char digits[16];
	uint64_t ino, next;
	unsigned type;
};

/*
 * The entry at readdir position pos, or the first one after it: ".", "..",
 * the table's entries, then in the root "self" and the processes, whose
 * positions are PID_POS + pid so that processes coming and going between two
 * getdents calls do not make the listing skip or repeat one.
 */
static bool listing_at(struct inode *dir, uint64_t pos, struct listed *l)
{
	struct proc_entry *d = entry_of(dir);
	int pid = pid_of(dir);
	l->next = pos + 1;
	l->type = dirent_type(S_IFDIR);
	if (pos <= 1) {
		l->name = pos == 0 ? "." : "..";
		l->ino = pos == 0 || !d->parent ? dir->ino : ino_of(d->parent, pid);
		return true;
	}
	uint64_t i = pos - 2, n = 0;
	while (d->children[n].name)
		n++;
	if (i < n) {
		struct proc_entry *e = &d->children[i];
		l->name = e->name;
		l->ino = ino_of(e, pid);
		l->type = dirent_type(e->mode);
		return true;
	}
	if (d != &root)
		return false;
	if (i == n && myproc()) {
		l->name = "self";
		l->ino = SELF_INO; /* its own number, as Linux's link has: not the directory's */
		return true;
	}
	pid = next_live_pid(pos >= PID_POS ? pos - PID_POS : 0);
	if (!pid)
		return false;
	snformat(l->digits, sizeof(l->digits), "%d", pid);
	l->name = l->digits;
	l->ino = ino_of(&pid_dir, pid);
	l->next = PID_POS + (uint64_t)pid + 1;
	return true;
}

static int procfs_readdir(struct inode *dir, uint64_t *pos, filldir_fn fill, void *ctx)
{
	uint32_t uid, gid;
	if (entry_of(dir)->per_process && owner_of(pid_of(dir), &uid, &gid) < 0)
		return -ENOENT; /* the process has gone */
	struct listed l;
	while (listing_at(dir, *pos, &l)) {
		if (fill(ctx, l.name, strlen(l.name), l.ino, l.type, l.next))
			return 0;
		*pos = l.next;
	}
	return 0;
}

/* Generate the whole text, then copy out the window [offset, offset + n). */
static long procfs_read(struct inode *ip, uint64_t offset, struct iobuf buf, size_t n)
{
	struct procfs_text t = {0};
	int err = text_reserve(&t, 0) ? entry_of(ip)->show(&t, pid_of(ip)) : t.err;
	long r = err ? err : t.err;
	if (!r && offset < t.len) {
		if (n > t.len - offset)
			n = t.len - offset;
		r = iobuf_write(buf, 0, t.buf + offset, n) ? -EFAULT : (long)n;
	}
	kfree(t.buf);
	return r;
}

/*
 * A writable file's store gets the text of one write (less than a page, as
 * /proc/sys on Linux takes it).  The others refuse as Linux does for root,
 * who may open them for writing: EIO from the fixed files, EINVAL from those
 * under /proc/PID.
 */
static long procfs_write(struct inode *ip, uint64_t offset, struct iobuf buf, size_t n)
{
	(void)offset;
	struct proc_entry *e = entry_of(ip);
	if (!e->store)
		return e->per_process ? -EINVAL : -EIO;
	if (n >= PAGE_SIZE)
		return -EINVAL;
	char *text = kmalloc(n + 1);
	if (!text)
		return -ENOMEM;
	int err = iobuf_read(text, buf, 0, n) ? -EFAULT : 0;
	text[n] = '\0';
	if (!err)
		err = e->store(text, n);
	kfree(text);
	return err ? err : (long)n;
}

/* open(O_TRUNC) and truncate() succeed and change nothing, as on Linux. */
static int procfs_truncate(struct inode *ip, uint64_t size)
{
	(void)ip, (void)size;
	return 0;
}

/*
 * Nothing can be made, removed or renamed; the errors are Linux's.  A new
 * name is never found (ENOENT); an existing one cannot go (EPERM).
 */
static int exists(struct inode *dir, const char *name, struct inode **ip)
{
	int err = procfs_lookup(dir, name, ip);
	if (err == -ENOENT)
		return 0;
	return err ? err : 1;
}

static int procfs_mknod(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
                        struct inode **out)
{
	(void)mode, (void)rdev, (void)out;
	struct inode *ip;
	int found = exists(dir, name, &ip);
	if (found > 0)
		iput(ip);
	return found > 0 ? -EEXIST : found < 0 ? found : -ENOENT;
}

static int procfs_unlink(struct inode *dir, const char *name, bool is_dir)
{
	struct inode *ip;
	int found = exists(dir, name, &ip);
	if (found <= 0)
		return found < 0 ? found : -ENOENT;
	int err = is_dir && !S_ISDIR(ip->mode) ? -ENOTDIR : -EPERM;
	iput(ip);
	return err;
}

static int procfs_link(struct inode *dir, const char *name, struct inode *target)
{
	(void)target;
	return procfs_mknod(dir, name, 0, 0, 0);
}

static int procfs_rename(struct inode *olddir, const char *oldname, struct inode *newdir,
                         const char *newname)
{
	struct inode *ip;
	int found = exists(olddir, oldname, &ip);
	if (found <= 0)
		return found < 0 ? found : -ENOENT;
	iput(ip);
	found = exists(newdir, newname, &ip);
	if (found > 0)
		iput(ip);
	return found > 0 ? -EPERM : found < 0 ? found : -ENOENT;
}

static const struct inode_ops procfs_ops = {
    .lookup = procfs_lookup,
    .create = procfs_mknod,
    .unlink = procfs_unlink,
    .link = procfs_link,
    .rename = procfs_rename,
    .readdir = procfs_readdir,
    .read = procfs_read,
    .write = procfs_write,
    .truncate = procfs_truncate,
};

struct inode *procfs_create(void)
{
	uint64_t next = SELF_INO + 1;
	number_entries(&root, &next, false);
	next = 1;
	number_entries(&pid_dir, &next, true);
	pid_dir.parent = &root;
	pid_dir.ino = 0;
	pid_dir.per_process = true;

	struct superblock *sb = kzalloc(sizeof(*sb));
	if (!sb)
		panic("procfs: out of memory");
	sb->type = "proc";
	sb->dev = 3; /* any number no tmpfs uses: they count up from 10 */
	sb->next_ino = 1;
	sb->ephemeral = true;
	sleeplock_init(&sb->lock, "proc");
	struct inode *ip = inode_new(sb, root.mode, &procfs_ops);
	if (!ip)
		panic("procfs: out of memory");
	ip->ino = ROOT_INO;
	ip->uid = ip->gid = 0;
	ip->priv = &root;
	sb->root = ip;
	return ip;
}
