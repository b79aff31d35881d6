/*
 * initrd.h: the root file system of this issue: the cpio archive the boot
 * path loaded, read in place.  (The console issue puts a VFS in front.)
 */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H

#include <stddef.h>
#include <stdint.h>

struct initrd_node {
	const void *data;
	size_t size;
	uint32_t mode; /* S_IFREG / S_IFDIR and permission bits */
	uint64_t ino;  /* unique per entry: its position in the archive */
};

void initrd_init(uint64_t phys, size_t size);
/* Look up an absolute path ("." and ".." allowed); 0, -ENOENT or -ENAMETOOLONG. */
int initrd_lookup(const char *path, struct initrd_node *out);

#endif
