/*
 * tty.c: the console as a terminal, /dev/console (5:1) and /dev/tty (5:0).
 *
 * Output goes to COM1.  Input, the line discipline and job control come
 * with the serial receive interrupt (the next step of the console work);
 * until then a read finds end of file.
 */
#include <asm/poll.h>
#include <asm/termios.h>

#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/printk.h"
#include "kernel/tty.h"

static long tty_read(struct file *f, struct iobuf buf, size_t n)
{
	(void)f, (void)buf, (void)n;
	return 0;
}

static long tty_write(struct file *f, struct iobuf buf, size_t n)
{
	(void)f;
	char chunk[256];
	size_t done = 0;
	while (done < n) {
		size_t len = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		if (iobuf_read(chunk, buf, done, len))
			return done ? (long)done : -EFAULT;
		console_write(chunk, len);
		done += len;
	}
	return n;
}

static long tty_ioctl(struct file *f, unsigned long cmd, uintptr_t arg)
{
	(void)f;
	if (cmd == TIOCGWINSZ) {
		struct winsize ws = {.ws_row = 24, .ws_col = 80};
		return iobuf_write(USER_BUF(arg), 0, &ws, sizeof(ws));
	}
	return -ENOTTY;
}

static unsigned tty_poll(struct file *f)
{
	(void)f;
	return POLLOUT | POLLWRNORM;
}

static const struct file_ops tty_ops = {
    .read = tty_read,
    .write = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};
static const struct chardev tty_dev = {&tty_ops, 0};

void tty_init(void)
{
	chardev_register(MKDEV(5, 0), &tty_dev);
	chardev_register(MKDEV(5, 1), &tty_dev);
}
