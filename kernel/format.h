#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * printf-style formatting into a buffer, always NUL-terminated when n > 0.
 * Returns the length the full output would have had (like vsnprintf).
 * Supports %d %i %u %x %X %o %p %s %c %%, flags '-' '0' '#', a width (or *),
 * a precision for %s, and the length modifiers hh h l ll z.
 */
int vsnformat(char *buf, size_t n, const char *fmt, va_list ap);
int snformat(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
