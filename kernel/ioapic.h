/*
 * ioapic.h: the IOAPIC, which turns device interrupt lines into vectors.
 */
#ifndef KERNEL_IOAPIC_H
#define KERNEL_IOAPIC_H

/* Map the IOAPICs the ACPI tables list (acpi_init first), mask every pin,
 * and print the interrupt summary line. */
void ioapic_init(void);

/* Deliver ISA IRQ isa_irq (through the ACPI override table) as `vector` to
 * the boot CPU.  Returns 0, or -1 if no IOAPIC serves that IRQ. */
int ioapic_route_isa(int isa_irq, int vector);

#endif
