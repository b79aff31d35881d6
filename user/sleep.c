/*
 * sleep: wait for a while.
 *
 *   sleep SECONDS...     fractions allowed (0.1); a suffix s, m, h or d
 *                        means seconds, minutes, hours, days; several
 *                        arguments are added up, as with GNU sleep
 *
 * nanosleep(2) returns early, with the time left, if a signal handler
 * runs; we then sleep again for what is left.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The number of seconds arg stands for, or -1 if it is not a duration. */
static double parse_duration(const char *arg)
{
	char *end;
	double value = strtod(arg, &end);
	if (end == arg || value < 0 || !isfinite(value))
		return -1;
	if (*end == '\0' || strcmp(end, "s") == 0)
		return value;
	if (strcmp(end, "m") == 0)
		return value * 60;
	if (strcmp(end, "h") == 0)
		return value * 3600;
	if (strcmp(end, "d") == 0)
		return value * 86400;
	return -1;
}

int main(int argc, char **argv)
{
	double total = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: sleep SECONDS...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		double d = parse_duration(argv[i]);
		if (d < 0) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			return 1;
		}
		total += d;
	}
	struct timespec left = {(time_t)total, (long)((total - floor(total)) * 1e9)};
	while (nanosleep(&left, &left) < 0) {
		if (errno != EINTR) {
			perror("sleep");
			return 1;
		}
	}
	return 0;
}
