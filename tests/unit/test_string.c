/*
 * Host tests of lib/string.c's memset, memcpy and memmove: every length
 * from 0 to 80 bytes at every alignment, so both the 8-byte-word part and
 * the byte tail are covered, and no byte outside the range is touched;
 * memmove with overlaps of 1 to 15 bytes in both directions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/string.h"

#define MAXLEN 80
#define GUARD  0xee

/*
 * Through a volatile pointer, so the compiler calls our functions (the
 * program's own memset wins over libc's) instead of expanding a builtin.
 */
static void *(*volatile our_memset)(void *, int, size_t) = memset;
static void *(*volatile our_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*volatile our_memmove)(void *, const void *, size_t) = memmove;

static void memset_every_length_and_alignment(void **state)
{
	(void)state;
	unsigned char buf[MAXLEN + 32];
	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n <= MAXLEN; n++) {
			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = GUARD;
			/* Only the low byte of c counts, as in C's memset. */
			void *r = our_memset(buf + 8 + off, 0x1a5, n);
			assert_ptr_equal(r, buf + 8 + off);
			for (size_t i = 0; i < sizeof(buf); i++) {
				int inside = i >= 8 + off && i < 8 + off + n;
				assert_int_equal(buf[i], inside ? 0xa5 : GUARD);
			}
		}
	}
}

static void memcpy_every_length_and_alignment(void **state)
{
	(void)state;
	unsigned char src[MAXLEN + 16], dst[MAXLEN + 32];
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 3);
	for (size_t soff = 0; soff < 8; soff++) {
		for (size_t doff = 0; doff < 8; doff++) {
			for (size_t n = 0; n <= MAXLEN; n++) {
				for (size_t i = 0; i < sizeof(dst); i++)
					dst[i] = GUARD;
				void *r = our_memcpy(dst + 8 + doff, src + soff, n);
				assert_ptr_equal(r, dst + 8 + doff);
				for (size_t i = 0; i < sizeof(dst); i++) {
					int inside = i >= 8 + doff && i < 8 + doff + n;
					unsigned char want =
					    inside ? src[soff + i - 8 - doff] : GUARD;
					assert_int_equal(dst[i], want);
				}
			}
		}
	}
}

/* memmove with every small overlap, both ways: forward it is memcpy's word copy. */
static void memmove_overlapping_both_ways(void **state)
{
	(void)state;
	unsigned char buf[MAXLEN + 32], want[MAXLEN + 32];
	for (size_t shift = 1; shift < 16; shift++) {
		for (size_t n = 0; n <= MAXLEN; n++) {
			for (int down = 0; down < 2; down++) {
				for (size_t i = 0; i < sizeof(buf); i++)
					buf[i] = want[i] = (unsigned char)(i * 5 + 1);
				size_t src = down ? 8 + shift : 8, dst = down ? 8 : 8 + shift;
				for (size_t i = 0; i < n; i++) /* what the source held before */
					want[dst + i] = (unsigned char)((src + i) * 5 + 1);
				void *r = our_memmove(buf + dst, buf + src, n);
				assert_ptr_equal(r, buf + dst);
				assert_memory_equal(buf, want, sizeof(buf));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(memset_every_length_and_alignment),
	    cmocka_unit_test(memcpy_every_length_and_alignment),
	    cmocka_unit_test(memmove_overlapping_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
