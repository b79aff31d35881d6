#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

#include <stddef.h>

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n); /* "\n" becomes "\r\n" (printk) */
/* Turn on the receive interrupt: typed bytes go to tty_input().  Needs
 * ioapic_init() and tty_init() first. */
void serial_start_input(void);

#endif
