/*
 * ioapic.c: the I/O APIC, the router between device interrupt lines and CPUs.
 *
 * Each input pin has a 64-bit redirection entry saying which vector to
 * raise on which CPU, and how the line signals (edge or level, active high
 * or low).  Pins are numbered globally ("GSI"): an IOAPIC serves
 * gsi_base .. gsi_base + pins - 1.  The registers are reached indirectly:
 * write a register number to IOREGSEL, then read or write IOWIN.
 *
 * The legacy 8259 PICs are masked (trap.c), so the IOAPIC is the only
 * path from a device to the CPU.
 */
#include "kernel/acpi.h"
#include "kernel/ioapic.h"
#include "kernel/lapic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/kvm.h"

#define IOREGSEL 0x00 /* byte offsets of the two windows */
#define IOWIN    0x10

#define REG_ID            0x00
#define REG_VER           0x01 /* bits 16-23: the highest redirection entry */
#define REG_REDIR_LO(pin) (0x10 + 2 * (pin))
#define REG_REDIR_HI(pin) (0x11 + 2 * (pin))

#define REDIR_ACTIVE_LOW (1u << 13)
#define REDIR_LEVEL      (1u << 15)
#define REDIR_MASKED     (1u << 16)
/* Delivery mode fixed (0), physical destination (bit 11 clear). */

static volatile uint32_t *regs[ACPI_MAX_IOAPICS];
static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");

static uint32_t rd(int i, uint32_t reg)
{
	regs[i][IOREGSEL / 4] = reg;
	return regs[i][IOWIN / 4];
}

static void wr(int i, uint32_t reg, uint32_t v)
{
	regs[i][IOREGSEL / 4] = reg;
	regs[i][IOWIN / 4] = v;
}

void ioapic_init(void)
{
	for (int i = 0; i < acpi.nioapics; i++) {
		struct acpi_ioapic *io = &acpi.ioapic[i];
		regs[i] = kvm_map_mmio(io->addr, 0x20);
		uint32_t ver = rd(i, REG_VER);
		/* Nothing there (the fallback address on a machine without one). */
		if (ver == 0xffffffff) {
			printk("ioapic: none at %#lx\n", io->addr);
			regs[i] = 0;
			continue;
		}
		io->npins = ((ver >> 16) & 0xff) + 1;
		for (uint32_t pin = 0; pin < io->npins; pin++) {
			wr(i, REG_REDIR_LO(pin), REDIR_MASKED);
			wr(i, REG_REDIR_HI(pin), 0);
		}
	}
	acpi_print();
}

int ioapic_route_isa(int isa_irq, int vector)
{
	bool active_low, level;
	uint32_t gsi = acpi_isa_gsi(isa_irq, &active_low, &level);
	for (int i = 0; i < acpi.nioapics; i++) {
		const struct acpi_ioapic *io = &acpi.ioapic[i];
		if (!regs[i] || gsi < io->gsi_base || gsi >= io->gsi_base + io->npins)
			continue;
		uint32_t pin = gsi - io->gsi_base;
		uint32_t lo =
		    vector | (active_low ? REDIR_ACTIVE_LOW : 0) | (level ? REDIR_LEVEL : 0);
		spin_lock(&ioapic_lock);
		/* Destination first: the entry is live as soon as the low half unmasks it. */
		wr(i, REG_REDIR_HI(pin), lapic_id() << 24);
		wr(i, REG_REDIR_LO(pin), lo);
		spin_unlock(&ioapic_lock);
		return 0;
	}
	printk("ioapic: no IOAPIC serves ISA IRQ %d (GSI %u)\n", isa_irq, gsi);
	return -1;
}
