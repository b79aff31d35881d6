/*
 * lapic.c: the local APIC, each CPU's own interrupt controller and timer.
 * Registers are memory-mapped at the physical address in MSR_APIC_BASE.
 */
#include "kernel/lapic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/kvm.h"

#define REG_ID            0x020
#define REG_EOI           0x0b0
#define REG_SVR           0x0f0 /* spurious vector; bit 8 enables the APIC */
#define REG_LVT_TIMER     0x320
#define REG_TIMER_INITIAL 0x380
#define REG_TIMER_CURRENT 0x390
#define REG_TIMER_DIVIDE  0x3e0
#define LVT_MASKED        (1u << 16)
#define LVT_PERIODIC      (1u << 17)
#define DIVIDE_BY_16      0x3

static volatile uint32_t *lapic;

static uint32_t rd(uint32_t reg)
{
	return lapic[reg / 4];
}

static void wr(uint32_t reg, uint32_t v)
{
	lapic[reg / 4] = v;
	(void)lapic[REG_ID / 4]; /* wait for the write to land */
}

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) & ~0xfffUL;
	wrmsr(MSR_APIC_BASE, base | (1UL << 11)); /* global enable */
	lapic = kvm_map_mmio(base, 4096);
	wr(REG_SVR, 0x100 | T_SPURIOUS);
	wr(REG_LVT_TIMER, LVT_MASKED);
	wr(REG_TIMER_DIVIDE, DIVIDE_BY_16);
	wr(REG_EOI, 0);
}

void lapic_eoi(void)
{
	wr(REG_EOI, 0);
}

uint32_t lapic_id(void)
{
	return rd(REG_ID) >> 24;
}

void lapic_timer_oneshot_start(uint32_t initial)
{
	wr(REG_LVT_TIMER, LVT_MASKED);
	wr(REG_TIMER_INITIAL, initial);
}

uint32_t lapic_timer_current(void)
{
	return rd(REG_TIMER_CURRENT);
}

void lapic_timer_periodic(uint32_t initial, int vector)
{
	wr(REG_LVT_TIMER, LVT_PERIODIC | vector);
	wr(REG_TIMER_INITIAL, initial);
}
