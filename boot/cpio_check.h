/*
 * cpio_check.h: walk, validate and search a cpio "newc" archive (the initrd).
 *
 * Format (what `cpio -o -H newc` writes), repeated for every entry:
 *
 *   110-byte header: "070701" then 13 fields of 8 ASCII hex digits:
 *     ino mode uid gid nlink mtime filesize devmajor devminor
 *     rdevmajor rdevminor namesize check
 *   the name, namesize bytes long including its terminating NUL
 *   zero padding up to a multiple of 4 (counted from the archive start)
 *   the file data, filesize bytes
 *   zero padding up to a multiple of 4
 *
 * The last entry is named "TRAILER!!!"; anything after it (cpio pads the
 * archive to 512 bytes) is ignored.  Offsets are from the archive start,
 * which should itself be 4-byte aligned in memory for the data to be.
 *
 * Plain C without libc, shared by the UEFI loader, the host tests and the
 * kernel.
 */
#ifndef BOOT_CPIO_CHECK_H
#define BOOT_CPIO_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110
#define CPIO_TRAILER     "TRAILER!!!"

/* st_mode file-type bits as cpio stores them. */
#define CPIO_MODE_TYPE 0170000
#define CPIO_MODE_REG  0100000
#define CPIO_MODE_DIR  0040000

/* One archive entry, pointing into the archive (nothing is copied). */
struct cpio_entry {
	const char *name; /* NUL-terminated, exactly as stored (may start with "./") */
	size_t namelen;   /* without the NUL */
	uint32_t mode;    /* file type and permission bits */
	const void *data;
	size_t size;
};

/*
 * Read the entry at *offset (start with 0).  Returns 1 and advances *offset
 * to the next entry, 0 at the TRAILER!!! entry, or -1 if the archive is
 * malformed there (*why says how).  `why` may be NULL.
 */
int cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_entry *e,
              const char **why);

/*
 * Check the whole archive: every header, name and data block must lie
 * inside archive[0..size) and it must end with a TRAILER!!! entry.  An
 * archive holding only the trailer is valid.  Returns 0, or -1 and *why.
 */
int cpio_check(const void *archive, size_t size, const char **why);

/*
 * Find the regular file `path` and return its bytes through *data and *len.
 * Names are compared after dropping any leading "/" and "./" components
 * from both sides, so "/bin/init", "./bin/init" and "bin/init" all match
 * an archive entry stored as "./bin/init" or "bin/init".  Nothing else is
 * normalised ("a//b", "a/../b" and trailing "/" are compared literally).
 * Directories and other non-regular entries are never returned.
 * Returns 0 if found, -1 if not found or if the archive is malformed
 * before the file is reached.
 */
/* A name without its leading "/" and "./" components: "/./bin/sh" -> "bin/sh". */
const char *cpio_strip_root(const char *s);

int cpio_find(const void *archive, size_t size, const char *path, const void **data, size_t *len);

#endif
