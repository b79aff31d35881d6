/* Host tests of kernel/cmdline.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/cmdline.h"

static void cmdline_keys_values_and_flags(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("  crash=ud2 quiet  shmmni=16\n"), 3);
	assert_string_equal(cmdline_get("crash"), "ud2");
	assert_string_equal(cmdline_get("quiet"), "");
	assert_true(cmdline_has("quiet"));
	assert_false(cmdline_has("qui"));
	assert_null(cmdline_get("missing"));
	assert_int_equal(cmdline_get_u64("shmmni", 0), 16);
}

static void cmdline_empty(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(""), 0);
	assert_null(cmdline_get("x"));
	assert_int_equal(cmdline_parse("   "), 0);
}

static void cmdline_quoted_values_keep_spaces(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("init=\"/bin/sh -c echo\" x=1"), 2);
	assert_string_equal(cmdline_get("init"), "/bin/sh -c echo");
	assert_string_equal(cmdline_get("x"), "1");
}

static void cmdline_unclosed_quote_is_an_error(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("a=1 init=\"/bin/sh"), -1);
	assert_string_equal(cmdline_get("a"), "1"); /* what came before still parsed */
}

static void cmdline_last_occurrence_wins(void **state)
{
	(void)state;
	cmdline_parse("mem=1 mem=2");
	assert_string_equal(cmdline_get("mem"), "2");
}

static void cmdline_numbers(void **state)
{
	(void)state;
	cmdline_parse("a=0x1f b=64K c=2M d=1g e=12x f= g=0x h=18446744073709551615 "
	              "i=18446744073709551616 j=17179869184G");
	assert_int_equal(cmdline_get_u64("a", 7), 31);
	assert_int_equal(cmdline_get_u64("b", 7), 65536);
	assert_int_equal(cmdline_get_u64("c", 7), 2 << 20);
	assert_int_equal(cmdline_get_u64("d", 7), 1UL << 30);
	assert_int_equal(cmdline_get_u64("e", 7), 7); /* malformed: the default */
	assert_int_equal(cmdline_get_u64("f", 7), 7);
	assert_int_equal(cmdline_get_u64("g", 7), 7);
	assert_true(cmdline_get_u64("h", 7) == UINT64_MAX);
	assert_int_equal(cmdline_get_u64("i", 7), 7); /* overflow */
	assert_int_equal(cmdline_get_u64("j", 7), 7); /* overflow through the suffix */
	assert_int_equal(cmdline_get_u64("none", 9), 9);
}

static void cmdline_too_many_options(void **state)
{
	(void)state;
	char buf[512] = "";
	for (int i = 0; i < CMDLINE_MAX_OPTIONS + 1; i++)
		strcat(buf, "k ");
	assert_int_equal(cmdline_parse(buf), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cmdline_keys_values_and_flags),
	    cmocka_unit_test(cmdline_empty),
	    cmocka_unit_test(cmdline_quoted_values_keep_spaces),
	    cmocka_unit_test(cmdline_unclosed_quote_is_an_error),
	    cmocka_unit_test(cmdline_last_occurrence_wins),
	    cmocka_unit_test(cmdline_numbers),
	    cmocka_unit_test(cmdline_too_many_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
