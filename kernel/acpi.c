/*
 * acpi.c: finding the interrupt controllers and CPUs in the ACPI tables.
 *
 * The firmware leaves a chain of tables in memory:
 *
 *   RSDP --> XSDT (64-bit pointers; ACPI 2.0+) or RSDT (32-bit) --> tables
 *
 * Each table starts with a 36-byte header (signature, length, checksum).
 * We want one: the MADT, signature "APIC", a list of variable-length
 * entries after a small header:
 *
 *   type 0  a CPU's local APIC      (ACPI processor id, APIC id, flags: bit 0 enabled)
 *   type 1  an IOAPIC               (id, register address, first GSI)
 *   type 2  an interrupt override   (ISA IRQ -> GSI, polarity and trigger)
 *   type 5  a 64-bit local APIC address
 *
 * Every checksum covers a structure whose bytes must add up to 0 (mod 256).
 */
#include "kernel/acpi.h"
#include "kernel/cmdline.h"
#include "kernel/lapic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"

#define IOAPIC_DEFAULT_ADDR 0xfec00000UL
#define LAPIC_DEFAULT_ADDR  0xfee00000UL
#define TABLE_MAX_LEN       (1UL << 20) /* anything longer is corrupt */

struct rsdp {
	char signature[8]; /* "RSD PTR " */
	uint8_t checksum;  /* over the first 20 bytes */
	char oem[6];
	uint8_t revision; /* 0: ACPI 1.0 (RSDT only); 2: ACPI 2.0+ (XSDT too) */
	uint32_t rsdt;
	/* ACPI 2.0+ */
	uint32_t length;
	uint64_t xsdt;
	uint8_t extended_checksum; /* over `length` bytes */
	uint8_t reserved[3];
} __attribute__((packed));

struct sdt_header {
	char signature[4];
	uint32_t length; /* of the whole table, header included */
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

struct madt {
	struct sdt_header h;
	uint32_t lapic_addr;
	uint32_t flags;
	uint8_t entries[];
} __attribute__((packed));

struct madt_entry {
	uint8_t type;
	uint8_t length;
} __attribute__((packed));

struct madt_lapic {
	struct madt_entry e;
	uint8_t acpi_id;
	uint8_t apic_id;
	uint32_t flags;
} __attribute__((packed));

struct madt_ioapic {
	struct madt_entry e;
	uint8_t id;
	uint8_t reserved;
	uint32_t addr;
	uint32_t gsi_base;
} __attribute__((packed));

struct madt_override {
	struct madt_entry e;
	uint8_t bus; /* 0: ISA */
	uint8_t source;
	uint32_t gsi;
	uint16_t flags;
} __attribute__((packed));

struct madt_lapic_addr {
	struct madt_entry e;
	uint16_t reserved;
	uint64_t addr;
} __attribute__((packed));

#define MADT_LAPIC           0
#define MADT_IOAPIC          1
#define MADT_OVERRIDE        2
#define MADT_LAPIC_ADDR      5
#define LAPIC_ENABLED        1
#define LAPIC_ONLINE_CAPABLE 2

struct acpi_info acpi;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

/*
 * The tables normally sit in RAM that the direct map covers (ACPI reclaim
 * or NVS memory); firmware may also put them in a hole the memory map calls
 * reserved, which is not mapped: those we map like device registers.
 */
static const void *acpi_map(uint64_t pa, size_t len)
{
	for (uint64_t page = PAGE_ROUND_DOWN(pa); page < pa + len; page += PAGE_SIZE)
		if (!vm_lookup(kernel_pml4, (uintptr_t)P2V(page), 0, 0))
			return kvm_map_mmio(pa, len);
	return P2V(pa);
}

/* A whole table, checked: its header first (for the length), then all of it. */
static const struct sdt_header *map_table(uint64_t pa)
{
	const struct sdt_header *h = acpi_map(pa, sizeof(*h));
	uint32_t len = h->length;
	if (len < sizeof(*h) || len > TABLE_MAX_LEN)
		return 0;
	h = acpi_map(pa, len);
	return checksum_ok(h, len) ? h : 0;
}

static const struct rsdp *map_rsdp(uint64_t pa)
{
	const struct rsdp *r = acpi_map(pa, sizeof(*r));
	if (memcmp(r->signature, "RSD PTR ", 8) != 0 || !checksum_ok(r, 20))
		return 0;
	if (r->revision >= 2 && (r->length < sizeof(*r) || !checksum_ok(r, sizeof(*r))))
		return 0;
	return r;
}

/* Search the RSDT (4-byte entries) or XSDT (8-byte entries) for a signature. */
static const struct sdt_header *find_table(const struct rsdp *r, const char *sig)
{
	bool x = r->revision >= 2 && r->xsdt;
	const struct sdt_header *root = map_table(x ? r->xsdt : r->rsdt);
	if (!root)
		return 0;
	size_t width = x ? 8 : 4;
	size_t n = (root->length - sizeof(*root)) / width;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = 0;
		memcpy(&pa, entries + i * width, width); /* unaligned in the XSDT */
		const struct sdt_header *t = pa ? map_table(pa) : 0;
		if (t && memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return 0;
}

static void add_cpu(const struct madt_lapic *e)
{
	/* Disabled but online-capable CPUs could be hot-added later: not ours. */
	if (!(e->flags & LAPIC_ENABLED))
		return;
	if (acpi.ncpus < MAX_CPUS)
		acpi.cpu_apic_id[acpi.ncpus++] = e->apic_id;
	acpi.ncpus_found++;
}

static void add_ioapic(const struct madt_ioapic *e)
{
	if (acpi.nioapics == ACPI_MAX_IOAPICS) {
		printk("acpi: more than %d IOAPICs; ignoring id %u\n", ACPI_MAX_IOAPICS, e->id);
		return;
	}
	acpi.ioapic[acpi.nioapics++] =
	    (struct acpi_ioapic){.id = e->id, .addr = e->addr, .gsi_base = e->gsi_base};
}

static void add_override(const struct madt_override *e)
{
	if (e->bus != 0 || acpi.noverrides == ACPI_MAX_OVERRIDES)
		return;
	acpi.override[acpi.noverrides++] =
	    (struct acpi_override){.isa_irq = e->source, .gsi = e->gsi, .flags = e->flags};
}

static void parse_madt(const struct madt *m)
{
	acpi.lapic_addr = m->lapic_addr;
	const uint8_t *p = m->entries, *end = (const uint8_t *)m + m->h.length;
	while (p + sizeof(struct madt_entry) <= end) {
		const struct madt_entry *e = (const void *)p;
		if (e->length < sizeof(*e) || p + e->length > end)
			break; /* a corrupt entry: keep what we have */
		if (e->type == MADT_LAPIC && e->length >= sizeof(struct madt_lapic))
			add_cpu((const void *)e);
		else if (e->type == MADT_IOAPIC && e->length >= sizeof(struct madt_ioapic))
			add_ioapic((const void *)e);
		else if (e->type == MADT_OVERRIDE && e->length >= sizeof(struct madt_override))
			add_override((const void *)e);
		else if (e->type == MADT_LAPIC_ADDR && e->length >= sizeof(struct madt_lapic_addr))
			acpi.lapic_addr = ((const struct madt_lapic_addr *)e)->addr;
		p += e->length;
	}
}

/* What every PC has: this CPU, one IOAPIC at the usual address, ISA IRQ n on GSI n. */
static void use_defaults(const char *why)
{
	printk("acpi: %s; assuming one CPU and an IOAPIC at %#lx\n", why, IOAPIC_DEFAULT_ADDR);
	acpi = (struct acpi_info){0};
	acpi.lapic_addr = LAPIC_DEFAULT_ADDR;
	acpi.ncpus = acpi.ncpus_found = 1;
	acpi.cpu_apic_id[0] = lapic_id();
	acpi.nioapics = 1;
	acpi.ioapic[0] = (struct acpi_ioapic){.id = 0, .addr = IOAPIC_DEFAULT_ADDR};
}

/* Fill `acpi` from the tables; NULL, or why they cannot be used. */
static const char *parse_tables(uint64_t rsdp_pa)
{
	const char *opt = cmdline_get("acpi");
	if (opt && strcmp(opt, "off") == 0)
		return "acpi=off";
	if (!rsdp_pa)
		return "no RSDP from the boot path";
	const struct rsdp *r = map_rsdp(rsdp_pa);
	if (!r)
		return "bad RSDP signature or checksum";
	const struct madt *m = (const void *)find_table(r, "APIC");
	if (!m || m->h.length < sizeof(*m))
		return "no valid MADT";
	parse_madt(m);
	if (acpi.nioapics == 0)
		return "the MADT lists no IOAPIC";
	return 0;
}

void acpi_init(uint64_t rsdp_pa)
{
	const char *why = parse_tables(rsdp_pa);
	if (why) {
		use_defaults(why);
		return;
	}
	if (acpi.ncpus == 0) { /* cannot be (we run on one), but the tables may say so */
		acpi.ncpus = acpi.ncpus_found = 1;
		acpi.cpu_apic_id[0] = lapic_id();
	}
	acpi.from_tables = true;
}

uint32_t acpi_isa_gsi(int irq, bool *active_low, bool *level)
{
	*active_low = *level = false; /* ISA: edge-triggered, active high */
	for (int i = 0; i < acpi.noverrides; i++) {
		const struct acpi_override *o = &acpi.override[i];
		if (o->isa_irq != irq)
			continue;
		*active_low = (o->flags & 3) == 3;
		*level = ((o->flags >> 2) & 3) == 3;
		return o->gsi;
	}
	return irq;
}

void acpi_print(void)
{
	printk("acpi: %d cpu%s", acpi.ncpus_found, acpi.ncpus_found == 1 ? "" : "s");
	if (acpi.ncpus_found > acpi.ncpus)
		printk(" (using %d)", acpi.ncpus);
	for (int i = 0; i < acpi.nioapics; i++) {
		const struct acpi_ioapic *io = &acpi.ioapic[i];
		printk(", ioapic at %#lx (gsi %u-%u)", io->addr, io->gsi_base,
		       io->gsi_base + (io->npins ? io->npins - 1 : 0));
	}
	printk(", %d override%s%s\n", acpi.noverrides, acpi.noverrides == 1 ? "" : "s",
	       acpi.from_tables ? "" : " (defaults, not from ACPI)");
}
