/*
 * cpio_check.c: the initrd's archive format, read defensively.
 *
 * Every size in a newc header is 8 hex digits chosen by whoever made the
 * archive, so each one is checked against the bytes that are really there
 * before it is used.  See cpio_check.h for the layout.  No libc.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "cpio_check.h"

/* Header field numbers (each 8 hex digits, after the 6-byte magic). */
enum {
	CPIO_F_MODE = 1,
	CPIO_F_FILESIZE = 6,
	CPIO_F_NAMESIZE = 11,
	CPIO_NFIELDS = 13,
};

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

/* Round up to the next multiple of 4, the newc alignment. */
static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse header field `n` into *val; -1 if it holds a non-hex character. */
static int header_field(const char *hdr, int n, uint32_t *val)
{
	const char *p = hdr + 6 + 8 * n;
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(p[i]);
		if (d < 0)
			return -1;
		v = (v << 4) | (uint32_t)d;
	}
	*val = v;
	return 0;
}

static bool same_string(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool is_magic(const char *hdr)
{
	const char *magic = "070701";

	for (int i = 0; i < 6; i++)
		if (hdr[i] != magic[i])
			return false;
	return true;
}

int cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_entry *e,
              const char **why)
{
	const char *base = archive;
	size_t off = *offset;
	uint32_t field[CPIO_NFIELDS];

	if (off == size)
		return fail(why, "archive ends without a TRAILER!!! entry");
	if (off > size || size - off < CPIO_HEADER_SIZE)
		return fail(why, "truncated entry header");
	if (!is_magic(base + off))
		return fail(why, "bad entry magic (want newc \"070701\")");
	for (int i = 0; i < CPIO_NFIELDS; i++)
		if (header_field(base + off, i, &field[i]) < 0)
			return fail(why, "non-hex digit in entry header");

	size_t name_off = off + CPIO_HEADER_SIZE;
	size_t namesize = field[CPIO_F_NAMESIZE];
	if (namesize == 0)
		return fail(why, "entry name size is 0");
	if (namesize > size - name_off)
		return fail(why, "entry name runs past the end of the archive");

	/* The name must be exactly namesize-1 characters and then a NUL. */
	const char *name = base + name_off;
	size_t namelen = 0;
	while (namelen < namesize && name[namelen] != '\0')
		namelen++;
	if (namelen != namesize - 1)
		return fail(why, "entry name is not NUL-terminated where namesize says");

	size_t data_off = align4(name_off + namesize);
	size_t filesize = field[CPIO_F_FILESIZE];
	if (data_off > size)
		return fail(why, "padding after entry name runs past the end of the archive");
	if (filesize > size - data_off)
		return fail(why, "entry data runs past the end of the archive");

	e->name = name;
	e->namelen = namelen;
	e->mode = field[CPIO_F_MODE];
	e->data = base + data_off;
	e->size = filesize;
	if (same_string(name, CPIO_TRAILER))
		return 0;
	*offset = align4(data_off + filesize);
	return 1;
}

int cpio_check(const void *archive, size_t size, const char **why)
{
	struct cpio_entry e;
	size_t off = 0;
	int r;

	if (archive == NULL)
		return fail(why, "no archive");
	while ((r = cpio_next(archive, size, &off, &e, why)) == 1)
		;
	return r;
}

/* Skip leading "/" and "./" components: "/./bin/sh" -> "bin/sh". */
const char *cpio_strip_root(const char *s)
{
	for (;;) {
		if (s[0] == '/')
			s++;
		else if (s[0] == '.' && s[1] == '/')
			s += 2;
		else
			return s;
	}
}

int cpio_find(const void *archive, size_t size, const char *path, const void **data, size_t *len)
{
	struct cpio_entry e;
	size_t off = 0;
	const char *want = cpio_strip_root(path);

	if (archive == NULL)
		return -1;
	while (cpio_next(archive, size, &off, &e, NULL) == 1) {
		if ((e.mode & CPIO_MODE_TYPE) != CPIO_MODE_REG)
			continue;
		if (same_string(cpio_strip_root(e.name), want)) {
			*data = e.data;
			*len = e.size;
			return 0;
		}
	}
	return -1;
}
