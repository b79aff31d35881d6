/*
 * clock.c: calibrating the CPU's clocks against the PIT, and counting time.
 *
 * The 8254 PIT runs at a known 1.193182 MHz.  We let its channel 2 count
 * down 10 ms once, and measure how far the TSC and the LAPIC timer move in
 * that time.  From then on the TSC gives nanoseconds and the LAPIC timer
 * interrupts HZ times a second.  The CMOS real-time clock is read once for
 * the wall-clock time.
 */
#include "fs/vfs.h"
#include "kernel/clock.h"
#include "kernel/lapic.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIT_HZ       1193182
#define CALIBRATE_MS 10

volatile uint64_t ticks;
uint64_t tsc_hz;
static uint64_t tsc_boot;
static uint64_t ns_per_tsc_q32; /* nanoseconds per TSC cycle, as a 32.32 fixed-point number */
static uint64_t realtime_at_boot_ns;

/* Wait for the PIT to count `ms` milliseconds on channel 2 (gated by port 0x61). */
static void pit_wait_ms(unsigned ms)
{
	uint32_t count = PIT_HZ * ms / 1000;
	uint8_t gate = inb(0x61);
	outb(0x61, (gate & ~0x02) | 0x01); /* gate on, speaker off */
	outb(0x43, 0xb0);                  /* channel 2, lo/hi byte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	/* Restart the count by toggling the gate. */
	gate = inb(0x61);
	outb(0x61, gate & ~0x01);
	outb(0x61, gate | 0x01);
	while (!(inb(0x61) & 0x20)) /* OUT2 goes high when the count reaches 0 */
		cpu_relax();
}

uint64_t tsc_to_ns(uint64_t cycles)
{
	return (uint64_t)(((unsigned __int128)cycles * ns_per_tsc_q32) >> 32);
}

uint64_t clock_ns(void)
{
	return tsc_to_ns(rdtsc() - tsc_boot);
}

uint64_t clock_realtime_ns(void)
{
	return realtime_at_boot_ns + clock_ns();
}

static void timer_interrupt(struct trapframe *tf)
{
	ticks++;
	struct proc *p = myproc();
	if (p) {
		if ((tf->cs & 3) == 3)
			p->user_ticks++;
		else
			p->system_ticks++;
	}
	lapic_eoi();
	wakeup(TICK_CHANNEL); /* sleepers on a deadline check it every tick */
	vfs_poll_wakeup();    /* and so do poll and select */
	signal_tick();
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's algorithm. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned from_bcd(uint8_t v, int bcd)
{
	return bcd ? (v & 0x0f) + (v >> 4) * 10 : v;
}

/* Read the RTC twice until two reads agree, so an update cannot tear it. */
static uint64_t rtc_read_seconds(void)
{
	uint8_t now[6] = {0}, prev[6];
	int tries = 0;
	do {
		while (cmos_read(0x0a) & 0x80) /* update in progress */
			cpu_relax();
		for (int i = 0; i < 6; i++)
			prev[i] = now[i];
		static const uint8_t regs[6] = {0x00, 0x02, 0x04, 0x07, 0x08, 0x09};
		for (int i = 0; i < 6; i++)
			now[i] = cmos_read(regs[i]);
	} while ((tries++ == 0 || __builtin_memcmp(now, prev, 6)) && tries < 10);

	uint8_t status_b = cmos_read(0x0b);
	int bcd = !(status_b & 0x04);
	unsigned sec = from_bcd(now[0], bcd), min = from_bcd(now[1], bcd);
	unsigned hour = from_bcd(now[2] & 0x7f, bcd);
	if (!(status_b & 0x02) && (now[2] & 0x80)) /* 12-hour clock, PM */
		hour = (hour % 12) + 12;
	unsigned day = from_bcd(now[3], bcd), mon = from_bcd(now[4], bcd);
	unsigned year = 2000 + from_bcd(now[5], bcd);
	int64_t days = days_from_civil(year, mon, day);
	return (uint64_t)(days * 86400 + hour * 3600 + min * 60 + sec);
}

void clock_init(void)
{
	extern uint64_t kernel_entry_tsc;
	lapic_init();

	lapic_timer_oneshot_start(0xffffffff);
	uint64_t t0 = rdtsc();
	pit_wait_ms(CALIBRATE_MS);
	uint64_t t1 = rdtsc();
	uint32_t lapic_ticks = 0xffffffff - lapic_timer_current();

	tsc_hz = (t1 - t0) * (1000 / CALIBRATE_MS);
	if (tsc_hz == 0 || lapic_ticks == 0)
		panic("clock: calibration failed (tsc %lu, lapic %u)", t1 - t0, lapic_ticks);
	ns_per_tsc_q32 = (1000000000ULL << 32) / tsc_hz; /* 1e9 << 32 still fits in 64 bits */
	tsc_boot = kernel_entry_tsc;
	realtime_at_boot_ns = rtc_read_seconds() * 1000000000ULL - clock_ns();

	uint32_t lapic_hz = lapic_ticks * (1000 / CALIBRATE_MS);
	trap_set_handler(T_TIMER, timer_interrupt);
	lapic_timer_periodic(lapic_hz / HZ, T_TIMER);
	printk("clock: TSC %lu MHz, APIC timer %u kHz, %d Hz tick\n", tsc_hz / 1000000,
	       lapic_hz / 1000, HZ);
}
