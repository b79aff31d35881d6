#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

/* Register the console's character devices (/dev/console, /dev/tty). */
void tty_init(void);

#endif
