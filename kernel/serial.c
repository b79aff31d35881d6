/*
 * serial.c: the 16550 UART on COM1, the kernel's console.
 *
 * Output only, by polling the line-status register; the console issue adds
 * receive interrupts.  115200 baud, 8 data bits, no parity, 1 stop bit.
 */
#include "kernel/serial.h"
#include "kernel/x86.h"

#define COM1          0x3f8
#define REG_DATA      0
#define REG_IER       1
#define REG_FCR       2
#define REG_LCR       3
#define REG_MCR       4
#define REG_LSR       5
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB      0x80

void serial_init(void)
{
	outb(COM1 + REG_IER, 0x00); /* no interrupts yet */
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x03); /* 8N1, divisor latch off */
	outb(COM1 + REG_FCR, 0xc7); /* FIFOs on and cleared */
	outb(COM1 + REG_MCR, 0x0b); /* DTR, RTS, OUT2 */
}

void serial_putc(char c)
{
	/* QEMU's UART is always ready; bound the wait anyway so a missing UART cannot hang us. */
	for (int i = 0; i < 100000 && !(inb(COM1 + REG_LSR) & LSR_THR_EMPTY); i++)
		cpu_relax();
	outb(COM1 + REG_DATA, (unsigned char)c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
