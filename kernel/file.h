/*
 * file.h: open files, just enough to load and run programs: read-only
 * files of the initrd and the console.  The console issue replaces this
 * with a VFS; the system calls in sysfile.c keep their shape.
 */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/initrd.h"

#include <asm/stat.h>

enum file_type { FILE_CONSOLE, FILE_INITRD };

struct file {
	enum file_type type;
	int refs;        /* fds (in any process) that share this open file */
	int flags;       /* O_* given to open, for F_GETFL */
	uint64_t offset; /* shared by fork and dup, as on Linux */
	struct initrd_node node;
};

struct proc;

struct file *file_open_initrd(const struct initrd_node *node, int flags);
struct file *file_open_console(int flags);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
long file_read(struct file *f, uintptr_t ubuf, size_t n);
long file_write(struct file *f, uintptr_t ubuf, size_t n);
long file_lseek(struct file *f, int64_t offset, int whence);
void file_stat(struct file *f, struct stat *st);
void node_stat(const struct initrd_node *node, struct stat *st);

/* Give a new process the console as fds 0, 1 and 2. */
int console_open_std(struct proc *p);

#endif
