/*
 * file.c: open-file objects for the initrd and the console.
 */
#include "include/uapi/errno.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/spinlock.h"
#include "kernel/usercopy.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>

#define CONSOLE_RDEV ((5 << 8) | 1) /* like Linux's /dev/console, 5:1 */
#define INITRD_DEV   1

static struct spinlock file_lock = SPINLOCK_INIT("file");

static struct file *file_new(enum file_type type, int flags)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return 0;
	f->type = type;
	f->refs = 1;
	f->flags = flags;
	return f;
}

struct file *file_open_initrd(const struct initrd_node *node, int flags)
{
	struct file *f = file_new(FILE_INITRD, flags);
	if (f)
		f->node = *node;
	return f;
}

struct file *file_open_console(int flags)
{
	return file_new(FILE_CONSOLE, flags);
}

struct file *file_dup(struct file *f)
{
	spin_lock(&file_lock);
	f->refs++;
	spin_unlock(&file_lock);
	return f;
}

void file_close(struct file *f)
{
	spin_lock(&file_lock);
	int left = --f->refs;
	spin_unlock(&file_lock);
	if (left == 0)
		kfree(f);
}

long file_read(struct file *f, uintptr_t ubuf, size_t n)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->type == FILE_CONSOLE)
		return 0; /* no keyboard input yet: end of file */
	if (S_ISDIR(f->node.mode))
		return -EISDIR;
	spin_lock(&file_lock);
	uint64_t off = f->offset;
	spin_unlock(&file_lock);
	if (off >= f->node.size)
		return 0;
	if (n > f->node.size - off)
		n = f->node.size - off;
	if (copy_to_user(ubuf, (const char *)f->node.data + off, n))
		return -EFAULT;
	spin_lock(&file_lock);
	f->offset = off + n;
	spin_unlock(&file_lock);
	return n;
}

long file_write(struct file *f, uintptr_t ubuf, size_t n)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (f->type != FILE_CONSOLE)
		return -EBADF; /* the initrd is read-only; open refuses writers already */
	char buf[256];
	size_t done = 0;
	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);
		if (copy_from_user(buf, ubuf + done, chunk))
			return done ? (long)done : -EFAULT;
		console_write(buf, chunk);
		done += chunk;
	}
	return done;
}

long file_lseek(struct file *f, int64_t offset, int whence)
{
	if (f->type == FILE_CONSOLE)
		return -ESPIPE;
	spin_lock(&file_lock);
	int64_t base = whence == SEEK_SET   ? 0
	               : whence == SEEK_CUR ? (int64_t)f->offset
	               : whence == SEEK_END ? (int64_t)f->node.size
	                                    : -1;
	long r;
	if (base < 0 || (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END))
		r = -EINVAL;
	else if (base + offset < 0)
		r = -EINVAL;
	else
		r = f->offset = base + offset;
	spin_unlock(&file_lock);
	return r;
}

void node_stat(const struct initrd_node *node, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = INITRD_DEV;
	st->st_ino = node->ino;
	st->st_mode = node->mode;
	st->st_nlink = S_ISDIR(node->mode) ? 2 : 1;
	st->st_size = node->size;
	st->st_blksize = 4096;
	st->st_blocks = (node->size + 511) / 512;
}

void file_stat(struct file *f, struct stat *st)
{
	if (f->type == FILE_INITRD) {
		node_stat(&f->node, st);
		return;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620;
	st->st_rdev = CONSOLE_RDEV;
	st->st_nlink = 1;
	st->st_blksize = 1024;
	st->st_ino = 2;
}

/* One open file, shared by fds 0-2: what Linux's init gets from the kernel. */
int console_open_std(struct proc *p)
{
	struct file *f = file_open_console(O_RDWR);
	if (!f)
		return -ENOMEM;
	p->files[0] = f;
	p->files[1] = file_dup(f);
	p->files[2] = file_dup(f);
	return 0;
}
