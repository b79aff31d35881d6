/*
 * cmdline.c: parsing the command line once at boot into (key, value) pairs.
 * Pure C: unit-tested on the host (tests/unit/test_cmdline.c).
 */
#include <stddef.h>

#include "include/boot_info.h"
#include "kernel/cmdline.h"
#include "lib/string.h"

struct option {
	const char *key;
	const char *value;
};

static char storage[BOOT_CMDLINE_MAX];
static struct option options[CMDLINE_MAX_OPTIONS];
static int noptions;

int cmdline_parse(const char *s)
{
	noptions = 0;
	strlcpy(storage, s, sizeof(storage));
	char *p = storage;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			return noptions;
		if (noptions == CMDLINE_MAX_OPTIONS)
			return -1;
		struct option *o = &options[noptions++];
		o->key = p;
		o->value = "";
		while (*p && *p != '=' && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (*p == '=') {
			*p++ = '\0';
			if (*p == '"') {
				o->value = ++p;
				while (*p && *p != '"')
					p++;
				if (!*p)
					return -1; /* unterminated quote */
			} else {
				o->value = p;
				while (*p && *p != ' ' && *p != '\t' && *p != '\n')
					p++;
			}
		}
		if (*p)
			*p++ = '\0';
	}
}

const char *cmdline_get(const char *key)
{
	/* The last occurrence wins, as on Linux. */
	for (int i = noptions - 1; i >= 0; i--)
		if (strcmp(options[i].key, key) == 0)
			return options[i].value;
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

uint64_t cmdline_get_u64(const char *key, uint64_t def)
{
	const char *s = cmdline_get(key);
	if (!s || !*s)
		return def;
	uint64_t base = 10, v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return def;
	}
	for (; *s; s++) {
		unsigned digit;
		if (*s >= '0' && *s <= '9')
			digit = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			digit = *s - 'A' + 10;
		else
			break;
		if (v > (UINT64_MAX - digit) / base)
			return def; /* overflow */
		v = v * base + digit;
	}
	uint64_t shift = 0;
	switch (*s) {
	case '\0':
		return v;
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	default:
		return def;
	}
	if (s[1] != '\0' || v > (UINT64_MAX >> shift))
		return def;
	return v << shift;
}
