/*
 * cmdline.h: the kernel command line as key=value options.
 *
 *   "crash=ud2 shmmni=16 quiet init=\"/bin/sh -x\""
 *
 * Words are separated by spaces; a value may be double-quoted to hold
 * spaces.  A word without '=' is a flag whose value is "".
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#define CMDLINE_MAX_OPTIONS 32

/* Parse s (copied); returns the number of options, or -1 if there were too many or a quote was left
 * open. */
int cmdline_parse(const char *s);
const char *cmdline_get(const char *key); /* NULL when absent */
bool cmdline_has(const char *key);
/* The value as a number (decimal, 0x hex, optional K/M/G suffix), or def if absent or malformed. */
uint64_t cmdline_get_u64(const char *key, uint64_t def);

#endif
