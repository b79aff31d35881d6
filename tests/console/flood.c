/*
 * flood N: print N numbered lines of 72 bytes, each with one write(2), so
 * that tests/console/flood.sh can check every byte reached the console.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	char line[128];
	for (int i = 0; i < n; i++) {
		int len = snprintf(
		    line, sizeof(line),
		    "flood %06d abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRST\n", i);
		if (write(1, line, len) != len)
			return 1;
	}
	return 0;
}
