/* Host tests of kernel/format.c, compared with what C's printf prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/format.h"

/* Format with ours and with the C library's snprintf; they must agree. */
#define SAME_AS_LIBC(...)                                                                          \
	do {                                                                                       \
		char ours[128], theirs[128];                                                       \
		int a = snformat(ours, sizeof(ours), __VA_ARGS__);                                 \
		int b = snprintf(theirs, sizeof(theirs), __VA_ARGS__);                             \
		assert_string_equal(ours, theirs);                                                 \
		assert_int_equal(a, b);                                                            \
	} while (0)

static void format_integers_match_libc(void **state)
{
	(void)state;
	SAME_AS_LIBC("%d %d %d", 0, -1, 2147483647);
	SAME_AS_LIBC("%d", (int)-2147483648);
	SAME_AS_LIBC("%u %x %X %o", 4000000000u, 0xbeefu, 0xbeefu, 8u);
	SAME_AS_LIBC("%ld %lu %lx", -5L, 18446744073709551615UL, 0xffffffff80200000UL);
	SAME_AS_LIBC("%lld %llx", -9223372036854775807LL - 1, 0x123456789abcdefULL);
	SAME_AS_LIBC("%zu", (size_t)12345);
	SAME_AS_LIBC("%hhd %hd", 300, 70000);
}

static void format_width_padding_flags_match_libc(void **state)
{
	(void)state;
	SAME_AS_LIBC("[%5d] [%-5d] [%05d]", 42, 42, 42);
	SAME_AS_LIBC("[%05d] [%5d]", -42, -42);
	SAME_AS_LIBC("[%016lx] [%8s] [%-8s] [%.3s]", 0xabcUL, "ab", "ab", "abcdef");
	SAME_AS_LIBC("[%*d] [%-*d]", 6, 7, 6, 7);
	SAME_AS_LIBC("%#x %#lx %#x", 255u, 0x10UL, 0u);
	SAME_AS_LIBC("%c%c %% %s", 'o', 'k', "done");
}

/* Through a variable so the compiler's format checking does not see the
 * deliberate oddities below. */
static int (*volatile format)(char *, size_t, const char *, ...) = snformat;

static void format_pointer_and_null_string(void **state)
{
	(void)state;
	char buf[64];
	snformat(buf, sizeof(buf), "%p", (void *)0xffffffff80200000UL);
	assert_string_equal(buf, "0xffffffff80200000");
	format(buf, sizeof(buf), "%s", (char *)NULL);
	assert_string_equal(buf, "(null)");
	format(buf, sizeof(buf), "[%-05d]", 42); /* '-' wins over '0', as in C */
	assert_string_equal(buf, "[42   ]");
}

static void format_truncates_and_reports_full_length(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'X', sizeof(buf));
	int n = snformat(buf, sizeof(buf), "hello, %s", "world");
	assert_int_equal(n, 12);
	assert_string_equal(buf, "hello, ");
	assert_int_equal(snformat(buf, 0, "abc"), 3); /* n == 0: nothing written */
	assert_int_equal(buf[0], 'h');
}

static void format_unknown_conversion_is_printed(void **state)
{
	(void)state;
	char buf[32];
	format(buf, sizeof(buf), "a%qb%");
	assert_string_equal(buf, "a%qb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(format_integers_match_libc),
	    cmocka_unit_test(format_width_padding_flags_match_libc),
	    cmocka_unit_test(format_pointer_and_null_string),
	    cmocka_unit_test(format_truncates_and_reports_full_length),
	    cmocka_unit_test(format_unknown_conversion_is_printed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
