/*
 * acpi.h: what the firmware's ACPI tables tell us about interrupts and CPUs.
 *
 * acpi_init() reads the MADT ("APIC" table) once at boot and fills `acpi`:
 * the local APIC ids of the enabled CPUs (for the multiprocessor issue),
 * the IOAPICs, and the interrupt source overrides that say where an ISA
 * IRQ really arrives.  Without usable tables it falls back to what every
 * PC has: one IOAPIC at 0xfec00000 and ISA IRQ n on GSI n.
 */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/cpu.h"

#define ACPI_MAX_IOAPICS   4
#define ACPI_MAX_OVERRIDES 16

struct acpi_ioapic {
	uint8_t id;
	uint64_t addr;     /* physical address of its registers */
	uint32_t gsi_base; /* its first pin's global system interrupt number */
	uint32_t npins;    /* filled in by ioapic_init() (0 = not known yet) */
};

/* ISA IRQ isa_irq arrives on GSI gsi.  flags are the MPS INTI flags:
 * bits 0-1 polarity (0 bus default, 1 high, 3 low), bits 2-3 trigger
 * (0 bus default, 1 edge, 3 level); the ISA default is edge, active high. */
struct acpi_override {
	uint8_t isa_irq;
	uint32_t gsi;
	uint16_t flags;
};

struct acpi_info {
	bool from_tables;    /* false: the fallback defaults */
	uint64_t lapic_addr; /* physical address of the local APICs */
	int ncpus;           /* enabled CPUs recorded (at most MAX_CPUS) */
	int ncpus_found;     /* enabled CPUs the MADT lists (may exceed MAX_CPUS) */
	uint8_t cpu_apic_id[MAX_CPUS];
	int nioapics;
	struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	int noverrides;
	struct acpi_override override[ACPI_MAX_OVERRIDES];
};

extern struct acpi_info acpi;

/* Parse the tables found through the RSDP at physical address rsdp (0 =
 * none).  `acpi=off` on the command line forces the fallback. */
void acpi_init(uint64_t rsdp);

/* Where ISA IRQ irq arrives, and how (through the override table). */
uint32_t acpi_isa_gsi(int irq, bool *active_low, bool *level);

/* The boot line: "acpi: 1 cpu, ioapic at 0xfec00000 (gsi 0-23), 5 overrides". */
void acpi_print(void);

#endif
