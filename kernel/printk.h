#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/* Print to the console (COM1).  Safe from any context; lines are not interleaved. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
/* Raw bytes to the console (what user programs write to fds 1 and 2). */
void console_write(const char *buf, size_t n);

#endif
