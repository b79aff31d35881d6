/*
 * initramfs.c: the root file system at boot.
 *
 * As Linux does with an initramfs, the cpio archive the boot path loaded is
 * unpacked into a fresh tmpfs, which becomes "/": every file is then
 * writable, and /tmp and /dev are ordinary places in it (a tmpfs for /dev
 * with the device nodes is mounted on top).  The archive itself stays
 * where the loader put it.
 */
#include "boot/cpio_check.h"
#include "fs/procfs.h"
#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/memlayout.h"

struct inode *devfs_create(void);

/* Look up (or, for the missing parts, create) every directory of a path:
 * "a/b/c" ends with *dir = b, name = "c".  Runs before any process exists:
 * no permission checks, straight to the tmpfs operations. */
static int walk_parents(const char *path, struct inode **dir, char *name)
{
	struct inode *cur = iget(vfs_root);
	for (;;) {
		const char *slash = strchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);
		if (n > NAME_MAX) {
			iput(cur);
			return -ENAMETOOLONG;
		}
		memcpy(name, path, n);
		name[n] = '\0';
		if (!slash) {
			*dir = cur;
			return 0;
		}
		struct inode *next;
		if (cur->ops->lookup(cur, name, &next) < 0 &&
		    cur->ops->create(cur, name, S_IFDIR | 0755, 0, &next) < 0) {
			iput(cur);
			return -ENOMEM;
		}
		iput(cur);
		cur = next;
		path = slash + 1;
	}
}

static int unpack_entry(const struct cpio_entry *e)
{
	const char *path = cpio_strip_root(e->name);
	if (!*path || strcmp(path, ".") == 0)
		return 0;
	struct inode *dir, *ip;
	char name[NAME_MAX + 1];
	int err = walk_parents(path, &dir, name);
	if (err)
		return err;
	uint32_t type = e->mode & CPIO_MODE_TYPE;
	if (type == CPIO_MODE_DIR) {
		if (dir->ops->lookup(dir, name, &ip) == 0) { /* made already as a parent */
			ip->mode = e->mode;
			iput(ip);
			iput(dir);
			return 0;
		}
		err = dir->ops->create(dir, name, e->mode, 0, &ip);
	} else if (type == CPIO_MODE_REG) {
		err = dir->ops->create(dir, name, e->mode, 0, &ip);
		if (!err && ip->ops->write(ip, 0, KERNEL_BUF(e->data), e->size) != (long)e->size)
			err = -ENOMEM;
	} else {
		err = -EINVAL; /* symlinks and devices in the archive are not supported */
	}
	if (!err)
		iput(ip);
	iput(dir);
	return err;
}

static void unpack(const void *archive, size_t size)
{
	const char *why = 0;
	if (cpio_check(archive, size, &why) < 0) {
		printk("initramfs: ignoring a malformed archive: %s\n", why);
		return;
	}
	size_t offset = 0, files = 0;
	struct cpio_entry e;
	while (cpio_next(archive, size, &offset, &e, 0) == 1) {
		int err = unpack_entry(&e);
		if (err)
			printk("initramfs: %s: not unpacked (error %d)\n", e.name, err);
		else
			files++;
	}
	printk("initramfs: %lu entries unpacked into / (%lu KiB archive)\n", files, size >> 10);
}

static void mkdir_at_root(const char *name, uint32_t mode)
{
	struct inode *ip;
	if (vfs_root->ops->lookup(vfs_root, name, &ip) == 0)
		ip->mode = S_IFDIR | mode;
	else if (vfs_root->ops->create(vfs_root, name, S_IFDIR | mode, 0, &ip) < 0)
		panic("vfs: cannot make /%s", name);
	iput(ip);
}

void vfs_init(uint64_t initrd_phys, size_t initrd_size)
{
	struct superblock *root = tmpfs_create("tmpfs", 0755);
	if (!root)
		panic("vfs: no memory for the root file system");
	vfs_root = root->root;
	if (initrd_size)
		unpack(P2V(initrd_phys), initrd_size);
	mkdir_at_root("tmp", 01777);
	mkdir_at_root("dev", 0755);
	mkdir_at_root("proc", 0555);
	struct inode *dev;
	if (vfs_root->ops->lookup(vfs_root, "dev", &dev) < 0 || mount_at(dev, devfs_create()) < 0)
		panic("vfs: cannot mount /dev");
	iput(dev);
	struct inode *proc;
	if (vfs_root->ops->lookup(vfs_root, "proc", &proc) < 0 ||
	    mount_at(proc, procfs_create()) < 0)
		panic("vfs: cannot mount /proc");
	iput(proc);
}
