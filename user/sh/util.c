/*
 * util.c: memory that cannot fail, growable strings and argv arrays, and
 * output that never goes through stdio.
 *
 * Why not printf?  stdio buffers output in memory; a buffer that still
 * holds text when we fork is copied into the child, and both print it.
 * And a builtin's output must be out before its redirection is undone.
 * outf() formats into a buffer and writes it at once with write(2).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		error("out of memory");
		exit(2);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		error("out of memory");
		exit(2);
	}
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void strvec_push(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(char *));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_free(struct strvec *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

void buf_putc(struct buf *b, char c)
{
	if (b->n + 2 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	while (*s)
		buf_putc(b, *s++);
}

char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->n = b->cap = 0;
	return s;
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

/* Write prefix, the formatted text and suffix to fd with one write(2). */
static void voutf(int fd, const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	char small[512];
	char *text = small;
	size_t plen = strlen(prefix), slen = strlen(suffix);
	va_list again;

	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		return;
	if (plen + n + slen + 1 > sizeof(small))
		text = malloc(plen + n + slen + 1);
	if (!text)
		return;
	memcpy(text, prefix, plen);
	vsnprintf(text + plen, n + 1, fmt, ap);
	memcpy(text + plen + n, suffix, slen);
	write_all(fd, text, plen + n + slen);
	if (text != small)
		free(text);
}

/* printf to a file descriptor, in one write. */
void outf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	voutf(fd, "", fmt, ap, "");
	va_end(ap);
}

/* An error message: "sh: " + the text + a newline, on stderr. */
void error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	voutf(2, "sh: ", fmt, ap, "\n");
	va_end(ap);
}
