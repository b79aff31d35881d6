/*
 * devfs.c: /dev.  Device nodes are ordinary inodes (S_IFCHR with a device
 * number) in a tmpfs mounted at /dev; opening one looks its number up in
 * the character-device table, which drivers fill with chardev_register().
 *
 *   1:3 null, 1:5 zero, 1:7 full, 1:9 urandom   (here)
 *   5:0 tty, 5:1 console                         (kernel/tty.c)
 */
#include <asm/poll.h>
#include <linux/fcntl.h>

#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/panic.h"
#include "kernel/x86.h"
#include "lib/string.h"

#define MAX_CHARDEVS 32

static struct {
	uint32_t rdev;
	const struct chardev *dev;
} chardevs[MAX_CHARDEVS];
static int nchardevs;

void chardev_register(uint32_t rdev, const struct chardev *dev)
{
	if (nchardevs == MAX_CHARDEVS)
		panic("chardev_register: table full");
	chardevs[nchardevs].rdev = rdev;
	chardevs[nchardevs].dev = dev;
	nchardevs++;
}

const struct chardev *chardev_find(uint32_t rdev)
{
	for (int i = 0; i < nchardevs; i++)
		if (chardevs[i].rdev == rdev)
			return chardevs[i].dev;
	return 0;
}

/* The memory devices: null swallows, zero gives zeros, full is always full. */
static long null_read(struct file *f, struct iobuf buf, size_t n)
{
	(void)f, (void)buf, (void)n;
	return 0;
}

static long null_write(struct file *f, struct iobuf buf, size_t n)
{
	(void)f, (void)buf;
	return n;
}

static long zero_read(struct file *f, struct iobuf buf, size_t n)
{
	(void)f;
	static const char zeros[512];
	for (size_t done = 0; done < n;) {
		size_t chunk = n - done < sizeof(zeros) ? n - done : sizeof(zeros);
		if (iobuf_write(buf, done, zeros, chunk))
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	return n;
}

static long full_write(struct file *f, struct iobuf buf, size_t n)
{
	(void)f, (void)buf, (void)n;
	return -ENOSPC;
}

/* Not cryptographic: xorshift over the TSC, enough for tests and mktemp. */
static long urandom_read(struct file *f, struct iobuf buf, size_t n)
{
	(void)f;
	static uint64_t state;
	if (!state)
		state = rdtsc() | 1;
	for (size_t done = 0; done < n; done += 8) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		size_t chunk = n - done < 8 ? n - done : 8;
		if (iobuf_write(buf, done, &state, chunk))
			return done ? (long)done : -EFAULT;
	}
	return n;
}

static unsigned always_ready(struct file *f)
{
	(void)f;
	return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

static const struct file_ops null_ops = {
    .read = null_read, .write = null_write, .poll = always_ready};
static const struct file_ops zero_ops = {
    .read = zero_read, .write = null_write, .poll = always_ready};
static const struct file_ops full_ops = {
    .read = zero_read, .write = full_write, .poll = always_ready};
static const struct file_ops urandom_ops = {
    .read = urandom_read, .write = null_write, .poll = always_ready};
static const struct chardev null_dev = {&null_ops, 0}, zero_dev = {&zero_ops, 0},
                            full_dev = {&full_ops, 0}, urandom_dev = {&urandom_ops, 0};

static void make_node(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev)
{
	struct inode *ip;
	if (dir->ops->create(dir, name, mode, rdev, &ip) == 0)
		iput(ip);
}

/* A tmpfs for /dev, with the device nodes and /dev/shm in it; returns its root. */
struct inode *devfs_create(void)
{
	chardev_register(MKDEV(1, 3), &null_dev);
	chardev_register(MKDEV(1, 5), &zero_dev);
	chardev_register(MKDEV(1, 7), &full_dev);
	chardev_register(MKDEV(1, 9), &urandom_dev);
	struct superblock *sb = tmpfs_create("devfs", 0755);
	if (!sb)
		panic("devfs: out of memory");
	struct inode *dev = sb->root;
	make_node(dev, "null", S_IFCHR | 0666, MKDEV(1, 3));
	make_node(dev, "zero", S_IFCHR | 0666, MKDEV(1, 5));
	make_node(dev, "full", S_IFCHR | 0666, MKDEV(1, 7));
	make_node(dev, "random", S_IFCHR | 0666, MKDEV(1, 9));
	make_node(dev, "urandom", S_IFCHR | 0666, MKDEV(1, 9));
	make_node(dev, "tty", S_IFCHR | 0666, MKDEV(5, 0));
	make_node(dev, "console", S_IFCHR | 0600, MKDEV(5, 1));
	make_node(dev, "shm", S_IFDIR | 01777, 0);
	return dev;
}
