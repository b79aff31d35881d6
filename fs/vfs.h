/*
 * vfs.h: the virtual file system: inodes, open files, paths, mounts.
 *
 * Every file system (tmpfs, devfs, procfs) fills in a struct inode_ops;
 * everything above (the system calls in kernel/sysfile.c, exec, pipes)
 * sees only inodes, files and paths.  The design is Unix's, at xv6 size:
 *
 *   fd --> struct file (offset, flags) --> struct inode (ino, mode, size)
 *          (shared by dup and fork)        (one per file system object)
 *
 * Reference counts: an inode's `refs` counts in-memory users (open files,
 * working directories, a lookup in progress); `nlink` counts directory
 * entries.  A file system frees an inode when both reach zero.
 *
 * Functions return 0 (or a count) or a negative errno.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/sleeplock.h"

#include <asm/stat.h>
#include <linux/stat.h>

#define NAME_MAX 255
#define PATH_MAX 4096

struct inode;
struct file;
struct superblock;

/* A buffer in user or kernel memory: file systems copy through iobuf_*. */
struct iobuf {
	uintptr_t addr;
	bool user;
};
#define USER_BUF(a)   ((struct iobuf){(uintptr_t)(a), true})
#define KERNEL_BUF(p) ((struct iobuf){(uintptr_t)(p), false})
int iobuf_write(struct iobuf to, size_t offset, const void *from, size_t n); /* into the buffer */
int iobuf_read(void *to, struct iobuf from, size_t offset, size_t n);        /* out of it */

/* readdir hands entries to this; returning non-zero stops (the buffer is full). */
typedef int (*filldir_fn)(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
                          uint64_t next_pos);

struct inode_ops {
	/* Directories. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*create)(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
	              struct inode **out); /* regular, directory, device or FIFO */
	int (*unlink)(struct inode *dir, const char *name, bool is_dir);
	int (*link)(struct inode *dir, const char *name, struct inode *target);
	int (*rename)(struct inode *olddir, const char *oldname, struct inode *newdir,
	              const char *newname);
	int (*readdir)(struct inode *dir, uint64_t *pos, filldir_fn fill, void *ctx);
	/* Contents. */
	long (*read)(struct inode *ip, uint64_t offset, struct iobuf buf, size_t n);
	long (*write)(struct inode *ip, uint64_t offset, struct iobuf buf, size_t n);
	int (*truncate)(struct inode *ip, uint64_t size);
	/* fsync: write the file out.  NULL: it cannot be (EINVAL), as /proc's files. */
	int (*fsync)(struct inode *ip);
	/* Called when an inode's last reference goes (and it has no links left, for
	 * file systems that keep inodes while they are linked). */
	void (*release)(struct inode *ip);
};

/* Operations of an open file that is not a plain inode read/write: devices, pipes. */
struct file_ops {
	long (*read)(struct file *f, struct iobuf buf, size_t n);
	long (*write)(struct file *f, struct iobuf buf, size_t n);
	long (*ioctl)(struct file *f, unsigned long cmd, uintptr_t arg);
	unsigned (*poll)(struct file *f); /* POLLIN/POLLOUT/POLLHUP/POLLERR now */
	void (*release)(struct file *f);  /* the last close */
};

struct inode {
	uint64_t ino;
	uint32_t mode; /* S_IFMT type and permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;
	uint32_t rdev;               /* devices: (major << 8) | minor */
	int64_t atime, mtime, ctime; /* nanoseconds since 1970 */
	int refs;
	struct superblock *sb;
	const struct inode_ops *ops;
	void *priv;            /* the file system's own data */
	struct inode *mounted; /* a file system mounted here: its root */
	struct inode *covered; /* for a file system's root: the directory it is mounted on */
};

struct superblock {
	const char *type; /* "tmpfs", "devfs", "proc" */
	uint32_t dev;     /* st_dev */
	struct inode *root;
	struct sleeplock lock; /* one lock for the whole file system: simple and enough */
	uint64_t next_ino;
	/* Inodes made up on each lookup (procfs) are freed at their last iput even
	 * though nlink > 0; tmpfs keeps a linked inode until it is unlinked. */
	bool ephemeral;
};

struct file {
	int refs;
	int flags;                  /* O_ACCMODE, O_APPEND, O_NONBLOCK (F_GETFL/F_SETFL) */
	uint64_t offset;            /* shared by every fd that shares this struct file */
	struct inode *ip;           /* NULL for pipes */
	const struct file_ops *ops; /* NULL: read and write go to the inode */
	void *priv;                 /* pipe, tty, ... */
	struct sleeplock pos_lock;  /* serializes offset updates */
};

/* Inodes (fs/inode.c). */
struct inode *inode_new(struct superblock *sb, uint32_t mode, const struct inode_ops *ops);
struct inode *iget(struct inode *ip); /* +1 reference; returns ip */
void iput(struct inode *ip);          /* -1 reference; may free */
void inode_touch(struct inode *ip, bool modified);
/* May the current process access ip?  MAY_* bits; root passes all but exec without x bits. */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4
int inode_permission(struct inode *ip, int may);
void inode_stat(struct inode *ip, struct stat *st);

/* Paths (fs/namei.c).  `base` is where relative paths start (cwd or a dirfd). */
int path_lookup(struct inode *base, const char *path, bool follow_mounts, struct inode **out);
/* The directory that would hold path's last component, and that component. */
int path_parent(struct inode *base, const char *path, struct inode **dir, char *name);
int mount_at(struct inode *dir, struct inode *root); /* dir must be a directory */
/* The absolute path of a directory (getcwd); its length, or a negative errno. */
long vfs_path_of(struct inode *dir, char *buf, size_t size);
extern struct inode *vfs_root;

/* Open files (fs/file.c). */
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
long file_read(struct file *f, struct iobuf buf, size_t n);
long file_write(struct file *f, struct iobuf buf, size_t n);
long file_lseek(struct file *f, int64_t offset, int whence);
unsigned file_poll(struct file *f);
/* Open an inode: permission checks, devices, O_TRUNC. */
int file_open_inode(struct inode *ip, int flags, struct file **out);

/* Devices (fs/devfs.c): a character device by its number. */
struct chardev {
	const struct file_ops *ops;
	int (*open)(struct file *f); /* optional */
};
void chardev_register(uint32_t rdev, const struct chardev *dev);
const struct chardev *chardev_find(uint32_t rdev);
#define MKDEV(major, minor) (((major) << 8) | (minor))

/* Waiting for files to become ready (poll, select): every change of state
 * that might make a file readable or writable calls vfs_poll_wakeup(). */
void vfs_poll_wakeup(void);
extern int vfs_poll_channel;

void vfs_init(uint64_t initrd_phys, size_t initrd_size);

#endif
