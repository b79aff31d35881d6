/*
 * Host tests of boot/cpio_check.c.
 *
 * Archives are built in memory with add_entry(), which writes exactly what
 * `cpio -o -H newc` writes.  Optionally pass a real archive's path as
 * argv[1] (e.g. build/initrd.cpio) to check it too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/cpio_check.h"

#define ARCHIVE_MAX 4096
#define MODE_FILE   0100644
#define MODE_DIR    0040755

static union {
	char bytes[ARCHIVE_MAX];
	uint32_t align; /* entries are 4-byte aligned relative to this */
} ar;
static size_t ar_size;

static const char *real_cpio_path; /* argv[1], if given */

static void pad4(void)
{
	while (ar_size % 4)
		ar.bytes[ar_size++] = '\0';
}

/* Append one newc entry; returns the offset of its header. */
static size_t add_entry(const char *name, uint32_t mode, const void *data, size_t len)
{
	size_t hdr = ar_size;
	size_t namesize = strlen(name) + 1;
	char buf[CPIO_HEADER_SIZE + 32]; /* room for gcc's worst case */

	snprintf(buf, sizeof(buf), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u,
	         mode, 0u, 0u, 1u, 0u, (uint32_t)len, 0u, 0u, 0u, 0u, (uint32_t)namesize, 0u);
	memcpy(ar.bytes + ar_size, buf, CPIO_HEADER_SIZE);
	ar_size += CPIO_HEADER_SIZE;
	memcpy(ar.bytes + ar_size, name, namesize);
	ar_size += namesize;
	pad4();
	memcpy(ar.bytes + ar_size, data, len);
	ar_size += len;
	pad4();
	return hdr;
}

static size_t add_trailer(void)
{
	return add_entry(CPIO_TRAILER, 0, "", 0);
}

/* Overwrite header field n (0 = ino ... 12 = check) of the entry at hdr. */
static void set_field(size_t hdr, int n, const char *eight_chars)
{
	memcpy(ar.bytes + hdr + 6 + 8 * n, eight_chars, 8);
}

#define F_FILESIZE 6
#define F_NAMESIZE 11

static int reset(void **state)
{
	(void)state;
	memset(&ar, 0, sizeof(ar));
	ar_size = 0;
	return 0;
}

/* A typical small initrd: a directory, two files, an empty file. */
static size_t hello_hdr;
static void make_typical(void)
{
	add_entry(".", MODE_DIR, "", 0);
	add_entry("bin", MODE_DIR, "", 0);
	hello_hdr = add_entry("bin/hello", MODE_FILE, "hello, world\n", 13);
	add_entry("etc/motd", MODE_FILE, "hi", 2);
	add_entry("empty", MODE_FILE, "", 0);
	add_trailer();
}

static const char *last_why;

static void assert_rejected(size_t size, const char *reason_part)
{
	last_why = NULL;
	assert_int_equal(cpio_check(ar.bytes, size, &last_why), -1);
	assert_non_null(last_why);
	if (strstr(last_why, reason_part) == NULL)
		fail_msg("reason \"%s\" does not mention \"%s\"", last_why, reason_part);
}

/* ---------------------------------------------------------- good input */

static void cpio_accepts_trailer_only_archive(void **state)
{
	(void)state;
	add_trailer();
	assert_int_equal(ar_size, 124); /* 110 + 11 name bytes, padded */
	assert_int_equal(cpio_check(ar.bytes, ar_size, NULL), 0);
}

static void cpio_accepts_typical_archive(void **state)
{
	const char *why = "untouched";

	(void)state;
	make_typical();
	assert_int_equal(cpio_check(ar.bytes, ar_size, &why), 0);
	assert_string_equal(why, "untouched");
}

static void cpio_ignores_bytes_after_trailer(void **state)
{
	(void)state;
	make_typical();
	memset(ar.bytes + ar_size, 0, 512); /* cpio pads to 512-byte blocks */
	ar_size += 512;
	memcpy(ar.bytes + ar_size, "garbage", 7);
	ar_size += 7;
	assert_int_equal(cpio_check(ar.bytes, ar_size, NULL), 0);
}

static void cpio_accepts_lowercase_and_uppercase_hex(void **state)
{
	(void)state;
	size_t hdr = add_entry("f", MODE_FILE, "0123456789abcdefghijklmnopqrstuvwxyz", 0x1a);
	add_trailer();
	set_field(hdr, F_FILESIZE, "0000001a");
	assert_int_equal(cpio_check(ar.bytes, ar_size, NULL), 0);
	set_field(hdr, F_FILESIZE, "0000001A");
	assert_int_equal(cpio_check(ar.bytes, ar_size, NULL), 0);
}

static void cpio_next_walks_every_entry(void **state)
{
	static const char *names[] = {".", "bin", "bin/hello", "etc/motd", "empty"};
	struct cpio_entry e;
	size_t off = 0;
	int i = 0, r;

	(void)state;
	make_typical();
	while ((r = cpio_next(ar.bytes, ar_size, &off, &e, NULL)) == 1) {
		assert_true(i < 5);
		assert_string_equal(e.name, names[i]);
		assert_int_equal(e.namelen, strlen(names[i]));
		assert_int_equal(((const char *)e.data - ar.bytes) % 4, 0);
		assert_int_equal(off % 4, 0);
		i++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(i, 5);
	assert_string_equal(e.name, CPIO_TRAILER);
}

static void cpio_next_reports_mode_and_data(void **state)
{
	struct cpio_entry e;
	size_t off;

	(void)state;
	make_typical();
	off = hello_hdr;
	assert_int_equal(cpio_next(ar.bytes, ar_size, &off, &e, NULL), 1);
	assert_int_equal(e.mode, MODE_FILE);
	assert_int_equal(e.size, 13);
	assert_memory_equal(e.data, "hello, world\n", 13);
}

/* ------------------------------------------------------------- errors */

static void cpio_rejects_null_and_empty_input(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(cpio_check(NULL, 10, &why), -1);
	assert_non_null(why);
	assert_rejected(0, "TRAILER");
}

static void cpio_rejects_truncated_header(void **state)
{
	(void)state;
	add_trailer();
	assert_rejected(CPIO_HEADER_SIZE - 1, "truncated");
	assert_rejected(1, "truncated");
}

static void cpio_rejects_bad_magic(void **state)
{
	(void)state;
	add_trailer();
	memcpy(ar.bytes, "070707", 6); /* the old "odc" format */
	assert_rejected(ar_size, "magic");
	memcpy(ar.bytes,
	       "\x7f"
	       "ELF\2\1",
	       6);
	assert_rejected(ar_size, "magic");
}

static void cpio_rejects_non_hex_digits(void **state)
{
	(void)state;
	size_t hdr = add_entry("f", MODE_FILE, "x", 1);
	add_trailer();
	set_field(hdr, F_FILESIZE, "0000000g");
	assert_rejected(ar_size, "hex");
	set_field(hdr, F_FILESIZE, " 0000001");
	assert_rejected(ar_size, "hex");
	set_field(hdr, F_FILESIZE, "00000001");
	set_field(hdr, 12, "0000000-"); /* every field counts, even "check" */
	assert_rejected(ar_size, "hex");
}

static void cpio_rejects_name_size_zero(void **state)
{
	(void)state;
	size_t hdr = add_entry("f", MODE_FILE, "x", 1);
	add_trailer();
	set_field(hdr, F_NAMESIZE, "00000000");
	assert_rejected(ar_size, "name size is 0");
}

static void cpio_rejects_name_past_end(void **state)
{
	(void)state;
	size_t hdr = add_entry("f", MODE_FILE, "x", 1);
	add_trailer();
	set_field(hdr, F_NAMESIZE, "00010000");
	assert_rejected(ar_size, "name runs past");
	/* the archive cut in the middle of the trailer's name */
	reset(NULL);
	add_trailer();
	assert_rejected(CPIO_HEADER_SIZE + 5, "name runs past");
}

static void cpio_rejects_name_without_nul(void **state)
{
	(void)state;
	size_t hdr = add_entry("abcd", MODE_FILE, "x", 1);
	add_trailer();
	set_field(hdr, F_NAMESIZE, "00000004"); /* should be 5: the NUL is not counted */
	assert_rejected(ar_size, "NUL");
}

static void cpio_rejects_name_with_early_nul(void **state)
{
	(void)state;
	size_t hdr = add_entry("ab", MODE_FILE, "", 0);
	add_trailer();
	ar.bytes[hdr + CPIO_HEADER_SIZE + 1] = '\0'; /* "a\0\0", namesize still 3 */
	assert_rejected(ar_size, "NUL");
}

static void cpio_rejects_data_past_end(void **state)
{
	(void)state;
	size_t hdr = add_entry("f", MODE_FILE, "abcd", 4);
	set_field(hdr, F_FILESIZE, "00001000");
	assert_rejected(ar_size, "data runs past");
	set_field(hdr, F_FILESIZE, "ffffffff");
	assert_rejected(ar_size, "data runs past");
}

static void cpio_rejects_missing_trailer(void **state)
{
	(void)state;
	add_entry("bin", MODE_DIR, "", 0);
	add_entry("bin/hello", MODE_FILE, "hello, world\n", 13);
	assert_rejected(ar_size, "TRAILER");
}

static void cpio_rejects_trailer_with_wrong_name(void **state)
{
	(void)state;
	add_entry("TRAILER!!", 0, "", 0); /* one '!' short */
	assert_rejected(ar_size, "TRAILER");
}

static void cpio_rejects_every_truncation(void **state)
{
	(void)state;
	make_typical();
	for (size_t size = 0; size < ar_size; size++) {
		last_why = NULL;
		assert_int_equal(cpio_check(ar.bytes, size, &last_why), -1);
		assert_non_null(last_why);
	}
	assert_int_equal(cpio_check(ar.bytes, ar_size, NULL), 0);
}

/* --------------------------------------------------------------- find */

static void cpio_find_existing_file(void **state)
{
	const void *data = NULL;
	size_t len = 0;

	(void)state;
	make_typical();
	assert_int_equal(cpio_find(ar.bytes, ar_size, "bin/hello", &data, &len), 0);
	assert_int_equal(len, 13);
	assert_memory_equal(data, "hello, world\n", 13);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "etc/motd", &data, &len), 0);
	assert_int_equal(len, 2);
	assert_memory_equal(data, "hi", 2);
}

static void cpio_find_accepts_leading_slash_and_dot(void **state)
{
	const void *data;
	size_t len;

	(void)state;
	make_typical();
	assert_int_equal(cpio_find(ar.bytes, ar_size, "/bin/hello", &data, &len), 0);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "./bin/hello", &data, &len), 0);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "//./bin/hello", &data, &len), 0);
	assert_int_equal(len, 13);
}

static void cpio_find_matches_names_stored_with_dot_slash(void **state)
{
	const void *data;
	size_t len;

	(void)state;
	add_entry("./sbin/init", MODE_FILE, "INIT", 4);
	add_trailer();
	assert_int_equal(cpio_find(ar.bytes, ar_size, "/sbin/init", &data, &len), 0);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "sbin/init", &data, &len), 0);
	assert_int_equal(len, 4);
}

static void cpio_find_missing_file(void **state)
{
	const void *data = NULL;
	size_t len = 99;

	(void)state;
	make_typical();
	assert_int_equal(cpio_find(ar.bytes, ar_size, "bin/missing", &data, &len), -1);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "bin/hell", &data, &len), -1);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "bin/hello/", &data, &len), -1);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "", &data, &len), -1);
	assert_int_equal(cpio_find(ar.bytes, ar_size, CPIO_TRAILER, &data, &len), -1);
	assert_null(data); /* untouched on failure */
	assert_int_equal(len, 99);
}

static void cpio_find_skips_directories(void **state)
{
	const void *data;
	size_t len;

	(void)state;
	make_typical();
	assert_int_equal(cpio_find(ar.bytes, ar_size, "bin", &data, &len), -1);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "/", &data, &len), -1);
}

static void cpio_find_empty_file(void **state)
{
	const void *data = NULL;
	size_t len = 99;

	(void)state;
	make_typical();
	assert_int_equal(cpio_find(ar.bytes, ar_size, "empty", &data, &len), 0);
	assert_int_equal(len, 0);
	assert_non_null(data);
}

static void cpio_find_ignores_entries_after_trailer(void **state)
{
	const void *data;
	size_t len;

	(void)state;
	add_trailer();
	add_entry("late", MODE_FILE, "x", 1);
	assert_int_equal(cpio_check(ar.bytes, ar_size, NULL), 0);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "late", &data, &len), -1);
}

static void cpio_find_stops_at_corruption(void **state)
{
	const void *data;
	size_t len;

	(void)state;
	make_typical();
	set_field(hello_hdr, F_FILESIZE, "zzzzzzzz");
	assert_int_equal(cpio_find(ar.bytes, ar_size, "bin/hello", &data, &len), -1);
	assert_int_equal(cpio_find(ar.bytes, ar_size, "etc/motd", &data, &len), -1);
}

/* ------------------------------------------------------ a real archive */

static void cpio_accepts_real_archive_file(void **state)
{
	const char *why = NULL;
	char *buf;
	long size;
	FILE *f;

	(void)state;
	f = fopen(real_cpio_path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", real_cpio_path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size > 0 ? size : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, size, f), size);
	fclose(f);
	if (cpio_check(buf, size, &why) < 0)
		fail_msg("%s: %s", real_cpio_path, why);
	free(buf);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, reset)
	const struct CMUnitTest tests[] = {
	    T(cpio_accepts_trailer_only_archive),
	    T(cpio_accepts_typical_archive),
	    T(cpio_ignores_bytes_after_trailer),
	    T(cpio_accepts_lowercase_and_uppercase_hex),
	    T(cpio_next_walks_every_entry),
	    T(cpio_next_reports_mode_and_data),
	    T(cpio_rejects_null_and_empty_input),
	    T(cpio_rejects_truncated_header),
	    T(cpio_rejects_bad_magic),
	    T(cpio_rejects_non_hex_digits),
	    T(cpio_rejects_name_size_zero),
	    T(cpio_rejects_name_past_end),
	    T(cpio_rejects_name_without_nul),
	    T(cpio_rejects_name_with_early_nul),
	    T(cpio_rejects_data_past_end),
	    T(cpio_rejects_missing_trailer),
	    T(cpio_rejects_trailer_with_wrong_name),
	    T(cpio_rejects_every_truncation),
	    T(cpio_find_existing_file),
	    T(cpio_find_accepts_leading_slash_and_dot),
	    T(cpio_find_matches_names_stored_with_dot_slash),
	    T(cpio_find_missing_file),
	    T(cpio_find_skips_directories),
	    T(cpio_find_empty_file),
	    T(cpio_find_ignores_entries_after_trailer),
	    T(cpio_find_stops_at_corruption),
	    T(cpio_accepts_real_archive_file),
	};
#undef T

	size_t ntests = sizeof(tests) / sizeof(tests[0]);

	/*
	 * The last test needs a file from argv[1].  Without one it is left out
	 * rather than skipped: cmocka 1.1 reports a skip as "not ok ... # SKIP".
	 */
	if (argc > 1)
		real_cpio_path = argv[1];
	else
		ntests--;
	return _cmocka_run_group_tests("cpio_check", tests, ntests, NULL, NULL);
}
