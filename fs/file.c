/*
 * file.c: open files.  A struct file is what a file descriptor points at;
 * dup and fork share it (and its offset), as on Unix.
 */
#include <asm/poll.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/proc.h"
#include "mm/kmalloc.h"

static struct spinlock file_lock = SPINLOCK_INIT("file");

int vfs_poll_channel;

void vfs_poll_wakeup(void)
{
	wakeup(&vfs_poll_channel);
}

struct file *file_alloc(void)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return 0;
	f->refs = 1;
	sleeplock_init(&f->pos_lock, "file offset");
	return f;
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
	if (left > 0)
		return;
	if (f->ops && f->ops->release)
		f->ops->release(f);
	iput(f->ip);
	kfree(f);
}

static bool readable(struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool writable(struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

long file_read(struct file *f, struct iobuf buf, size_t n)
{
	if (!readable(f))
		return -EBADF;
	if (f->ops)
		return f->ops->read ? f->ops->read(f, buf, n) : -EINVAL;
	struct inode *ip = f->ip;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!ip->ops->read)
		return -EINVAL;
	sleeplock_acquire(&f->pos_lock);
	sleeplock_acquire(&ip->sb->lock);
	long r = ip->ops->read(ip, f->offset, buf, n);
	if (r > 0) {
		f->offset += r;
		ip->atime = ip->mtime; /* cheap: reading does not move the clock forward here */
	}
	sleeplock_release(&ip->sb->lock);
	sleeplock_release(&f->pos_lock);
	return r;
}

long file_write(struct file *f, struct iobuf buf, size_t n)
{
	if (!writable(f))
		return -EBADF;
	if (f->ops)
		return f->ops->write ? f->ops->write(f, buf, n) : -EINVAL;
	struct inode *ip = f->ip;
	if (!ip->ops->write)
		return -EINVAL;
	sleeplock_acquire(&f->pos_lock);
	sleeplock_acquire(&ip->sb->lock);
	if (f->flags & O_APPEND)
		f->offset = ip->size;
	long r = ip->ops->write(ip, f->offset, buf, n);
	if (r > 0) {
		f->offset += r;
		inode_touch(ip, true);
	}
	sleeplock_release(&ip->sb->lock);
	sleeplock_release(&f->pos_lock);
	return r;
}

long file_lseek(struct file *f, int64_t offset, int whence)
{
	if (f->ops || !f->ip)
		return -ESPIPE; /* pipes and terminals have no position */
	sleeplock_acquire(&f->pos_lock);
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->offset;
		break;
	case SEEK_END:
		base = f->ip->size;
		break;
	default:
		base = -1;
	}
	long r;
	if (base < 0 || base + offset < 0)
		r = -EINVAL;
	else
		r = f->offset = base + offset;
	sleeplock_release(&f->pos_lock);
	return r;
}

unsigned file_poll(struct file *f)
{
	if (f->ops)
		return f->ops->poll ? f->ops->poll(f) : 0;
	/* Regular files and directories are always ready. */
	return (readable(f) ? POLLIN | POLLRDNORM : 0) | (writable(f) ? POLLOUT | POLLWRNORM : 0);
}

int file_open_inode(struct inode *ip, int flags, struct file **out)
{
	int acc = flags & O_ACCMODE;
	if (acc == 3)
		return -EINVAL;
	int may = (acc != O_WRONLY ? MAY_READ : 0) | (acc != O_RDONLY ? MAY_WRITE : 0);
	if (S_ISDIR(ip->mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		return -ENOTDIR;
	int err = inode_permission(ip, may);
	if (err)
		return err;
	struct file *f = file_alloc();
	if (!f)
		return -ENOMEM;
	f->ip = iget(ip);
	/* O_NOCTTY stays until the device's open hook has seen it (a terminal
	 * becomes the controlling one unless asked not to). */
	f->flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);
	if (S_ISCHR(ip->mode)) {
		const struct chardev *dev = chardev_find(ip->rdev);
		if (!dev) {
			file_close(f);
			return -ENXIO;
		}
		f->ops = dev->ops;
		err = dev->open ? dev->open(f) : 0;
	} else if ((flags & O_TRUNC) && S_ISREG(ip->mode) && acc != O_RDONLY) {
		sleeplock_acquire(&ip->sb->lock);
		err = ip->ops->truncate ? ip->ops->truncate(ip, 0) : -EINVAL;
		if (!err)
			inode_touch(ip, true);
		sleeplock_release(&ip->sb->lock);
	}
	f->flags &= ~O_NOCTTY;
	if (err) {
		file_close(f);
		return err;
	}
	*out = f;
	return 0;
}
