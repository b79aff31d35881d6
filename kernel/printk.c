/*
 * printk.c: formatted console output.
 *
 * Each call formats into a local buffer and writes it under one lock, so
 * lines from different CPUs (later) do not interleave.  A panic takes the
 * console without the lock (see panic.c).
 */
#include "kernel/printk.h"
#include "kernel/format.h"
#include "kernel/serial.h"
#include "kernel/spinlock.h"

static struct spinlock console_lock = SPINLOCK_INIT("console");
int console_lock_broken; /* set by panic(): print without locking */

void console_write(const char *buf, size_t n)
{
	if (console_lock_broken) {
		serial_write(buf, n);
		return;
	}
	spin_lock(&console_lock);
	serial_write(buf, n);
	spin_unlock(&console_lock);
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnformat(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, n);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
