/*
 * format.c: the formatter behind printk.  Pure C, unit-tested on the host
 * (tests/unit/test_format.c).
 */
#include <stdint.h>

#include "kernel/format.h"

struct out {
	char *buf;
	size_t cap;
	size_t len; /* characters produced so far, even past cap */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t slen, int width, int left, char pad)
{
	int padn = width > (int)slen ? width - (int)slen : 0;
	if (!left)
		while (padn-- > 0)
			put(o, pad);
	for (size_t i = 0; i < slen; i++)
		put(o, s[i]);
	if (left)
		while (padn-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, int negative, unsigned base, int upper, int width,
                       int left, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);
	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (negative) {
		/* With zero padding the sign goes before the zeros: -0042. */
		if (pad == '0') {
			put(o, '-');
			width = width > 0 ? width - 1 : 0;
		} else {
			tmp[--i] = '-';
		}
	}
	put_padded(o, tmp + i, sizeof(tmp) - i, width, left, pad);
}

int vsnformat(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct out o = {buf, n, 0};

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p++;
		int left = 0, alt = 0;
		char pad = ' ';
		for (;; p++) {
			if (*p == '-')
				left = 1;
			else if (*p == '#')
				alt = 1;
			else if (*p == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		if (*p == '*') {
			width = va_arg(ap, int);
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				width = width * 10 + (*p++ - '0');
		}
		int precision = -1;
		if (*p == '.') {
			p++;
			precision = 0;
			if (*p == '*') {
				precision = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					precision = precision * 10 + (*p++ - '0');
			}
		}
		int longs = 0; /* 0 int, 1 long, 2 long long; h/hh narrow after va_arg */
		int shorts = 0;
		for (;; p++) {
			if (*p == 'l')
				longs++;
			else if (*p == 'z')
				longs = 1;
			else if (*p == 'h')
				shorts++;
			else
				break;
		}
		if (left)
			pad = ' ';

		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			if (shorts == 1)
				v = (short)v;
			else if (shorts >= 2)
				v = (signed char)v;
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			put_number(&o, mag, v < 0, 10, 0, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			if (shorts == 1)
				v = (unsigned short)v;
			else if (shorts >= 2)
				v = (unsigned char)v;
			unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
			if (alt && base == 16 && v != 0) { /* %#x: 0x prefix, as C does */
				put(&o, '0');
				put(&o, *p);
				width = width > 2 ? width - 2 : 0;
			}
			put_number(&o, v, 0, base, *p == 'X', width, left, pad);
			break;
		}
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(ap, void *);
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, v, 0, 16, 0, width > 2 ? width - 2 : 0, left, pad);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t slen = 0;
			while (s[slen] && (precision < 0 || slen < (size_t)precision))
				slen++;
			put_padded(&o, s, slen, width, left, ' ');
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			p--; /* a lone % at the end: stop */
			break;
		default: /* unknown conversion: print it as written */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (n > 0)
		buf[o.len < n ? o.len : n - 1] = '\0';
	return (int)o.len;
}

int snformat(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnformat(buf, n, fmt, ap);
	va_end(ap);
	return r;
}
