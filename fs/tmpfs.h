#ifndef FS_TMPFS_H
#define FS_TMPFS_H

#include "fs/vfs.h"

struct memobj;

/* A new, empty tmpfs whose root directory has the given permissions. */
struct superblock *tmpfs_create(const char *type, uint32_t root_mode);
/* The pages behind a tmpfs regular file (for exec and, later, mmap), or NULL. */
struct memobj *tmpfs_memobj(struct inode *ip);

#endif
