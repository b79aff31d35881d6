#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include <stdint.h>

/* Segment selectors, the same values as Linux's so user programs and signal frames see them. */
#define KERNEL_CS 0x10
#define KERNEL_DS 0x18
#define USER32_CS 0x23
#define USER_DS   0x2b
#define USER_CS   0x33
#define TSS_SEL   0x40

void gdt_init(void);
void tss_set_ist(int ist, uint64_t stack_top);
void tss_set_rsp0(uint64_t stack_top);

#endif
