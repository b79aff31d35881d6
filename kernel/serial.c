/*
 * serial.c: the 16550 UART on COM1, the kernel's console.
 *
 * Output by polling the line-status register, so printk works anywhere,
 * even with interrupts off or in a panic.  Input by interrupt: the UART
 * raises ISA IRQ 4 when a received byte waits (IER bit 0); the IOAPIC
 * turns that into vector T_COM1, whose handler hands every waiting byte
 * to the terminal (tty_input).  115200 baud, 8 data bits, no parity,
 * 1 stop bit.
 */
#include "kernel/cpu.h"
#include "kernel/ioapic.h"
#include "kernel/lapic.h"
#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/trap.h"
#include "kernel/tty.h"
#include "kernel/x86.h"

#define COM1           0x3f8
#define COM1_IRQ       4
#define T_COM1         (IRQ_BASE + COM1_IRQ)
#define REG_DATA       0
#define REG_IER        1
#define REG_FCR        2
#define REG_LCR        3
#define REG_MCR        4
#define REG_LSR        5
#define IER_RX         0x01 /* interrupt when a received byte is ready */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define LCR_DLAB       0x80

void serial_init(void)
{
	outb(COM1 + REG_IER, 0x00); /* no interrupts yet */
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x03); /* 8N1, divisor latch off */
	outb(COM1 + REG_FCR, 0xc7); /* FIFOs on and cleared */
	outb(COM1 + REG_MCR, 0x0b); /* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
}

/*
 * How long to wait for room in the UART: about a second or more of TSC.
 * QEMU keeps the transmitter full while whatever reads the console (a pipe
 * to tools/qemu-run, a slow terminal) is behind; a byte written then
 * overwrites one still waiting, so the wait must outlast such a stall.
 * A missing UART reads 0xff (always ready): the bound is for a stuck one.
 */
#define SERIAL_WAIT_CYCLES 5000000000ULL

void serial_putc(char c)
{
	uint64_t start = rdtsc();
	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY) && rdtsc() - start < SERIAL_WAIT_CYCLES)
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

/* Take every byte the UART holds.  The IOAPIC pin is edge-triggered: the
 * UART lowers its line only when its FIFO is empty, and raises it again
 * (a new edge) for the next byte, so stopping early could lose the IRQ. */
static void serial_drain(void)
{
	for (int i = 0; i < 4096 && (inb(COM1 + REG_LSR) & LSR_DATA_READY); i++)
		tty_input((char)inb(COM1 + REG_DATA));
}

static void serial_interrupt(struct trapframe *tf)
{
	(void)tf;
	serial_drain();
	lapic_eoi();
}

void serial_start_input(void)
{
	trap_set_handler(T_COM1, serial_interrupt);
	if (ioapic_route_isa(COM1_IRQ, T_COM1) < 0) {
		printk("serial: no interrupt route for COM1: console input disabled\n");
		return;
	}
	push_irq_off();
	outb(COM1 + REG_IER, IER_RX);
	serial_drain(); /* bytes that came before the interrupt was on */
	pop_irq_off();
}
