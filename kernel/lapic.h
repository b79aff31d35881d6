#ifndef KERNEL_LAPIC_H
#define KERNEL_LAPIC_H

#include <stdint.h>

void lapic_init(void);
void lapic_eoi(void);
uint32_t lapic_id(void);
/* Timer: count down from initial at the bus clock / 16. */
void lapic_timer_oneshot_start(uint32_t initial);
uint32_t lapic_timer_current(void);
void lapic_timer_periodic(uint32_t initial, int vector);

#endif
