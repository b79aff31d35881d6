/*
 * initrd.c: finding files in the cpio newc archive (boot/cpio_check.c
 * walks the format).
 */
#include "boot/cpio_check.h"
#include "include/uapi/errno.h"
#include "kernel/initrd.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/memlayout.h"

#define PATH_MAX_LEN 256
#define ROOT_INO     1

static const void *archive;
static size_t archive_size;

void initrd_init(uint64_t phys, size_t size)
{
	const char *why = 0;
	if (size == 0) {
		printk("initrd: none\n");
		return;
	}
	if (cpio_check(P2V(phys), size, &why) < 0) {
		printk("initrd: ignoring a malformed archive: %s\n", why);
		return;
	}
	archive = P2V(phys);
	archive_size = size;
	size_t offset = 0, files = 0;
	struct cpio_entry e;
	while (cpio_next(archive, archive_size, &offset, &e, 0) == 1)
		files++;
	printk("initrd: %lu entries, %lu KiB\n", files, size >> 10);
}

/*
 * Turn "/a/./b/../c" into "a/c" in out: absolute paths only, "." dropped,
 * ".." removes the previous component (and stays at the root).
 */
static int normalize(const char *path, char *out)
{
	size_t len = 0;
	if (path[0] != '/')
		return -ENOENT;
	while (*path) {
		while (*path == '/')
			path++;
		const char *start = path;
		while (*path && *path != '/')
			path++;
		size_t n = path - start;
		if (n == 0 || (n == 1 && start[0] == '.'))
			continue;
		if (n == 2 && start[0] == '.' && start[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--; /* the slash before the removed component */
			continue;
		}
		if (len + n + 2 > PATH_MAX_LEN)
			return -ENAMETOOLONG;
		if (len > 0)
			out[len++] = '/';
		memcpy(out + len, start, n);
		len += n;
	}
	out[len] = '\0';
	return 0;
}

/* The archive entry named exactly `name` (normalised), or -ENOENT. */
static int find_entry(const char *name, struct initrd_node *out)
{
	size_t offset = 0, here = 0;
	struct cpio_entry e;
	while (cpio_next(archive, archive_size, &offset, &e, 0) == 1) {
		if (strcmp(cpio_strip_root(e.name), name) == 0) {
			*out =
			    (struct initrd_node){e.data, e.size, e.mode, ROOT_INO + 1 + here / 4};
			return 0;
		}
		here = offset;
	}
	return -ENOENT;
}

/* A missing path: ENOTDIR if one of its directories is really a file (as Linux says). */
static int missing_path_error(char *want)
{
	struct initrd_node node;
	for (char *slash = strchr(want, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		int found = find_entry(want, &node) == 0;
		*slash = '/';
		if (found && (node.mode & CPIO_MODE_TYPE) != CPIO_MODE_DIR)
			return -ENOTDIR;
	}
	return -ENOENT;
}

int initrd_lookup(const char *path, struct initrd_node *out)
{
	char want[PATH_MAX_LEN];
	int err = normalize(path, want);
	if (err)
		return err;
	if (want[0] == '\0') {
		*out = (struct initrd_node){0, 0, 0040755, ROOT_INO};
		return 0;
	}
	if (!archive)
		return -ENOENT;
	if (find_entry(want, out) == 0)
		return 0;
	return missing_path_error(want);
}
