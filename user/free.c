/*
 * free: how much memory is in use, from /proc/meminfo.
 *
 *                total        used        free
 *   Mem:        515072       20480      494592
 *
 * in KiB.  /proc/meminfo has lines "MemTotal:  515072 kB".  "used" is
 * total - available when the kernel says what is available (Linux counts
 * its caches as free for that), else total - free.  Lines starting with
 * "KernelHeap" (shmos's own heap figures) are shown as they are.
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f) {
		perror("free: /proc/meminfo");
		return 1;
	}
	char line[256], extra[4096] = "";
	long total = -1, free_kib = -1, available = -1;
	while (fgets(line, sizeof(line), f)) {
		long value;
		if (sscanf(line, "MemTotal: %ld", &value) == 1)
			total = value;
		else if (sscanf(line, "MemFree: %ld", &value) == 1)
			free_kib = value;
		else if (sscanf(line, "MemAvailable: %ld", &value) == 1)
			available = value;
		else if (strncmp(line, "KernelHeap", 10) == 0 &&
		         strlen(extra) + strlen(line) < sizeof(extra))
			strcat(extra, line);
	}
	fclose(f);
	if (total < 0 || free_kib < 0) {
		fprintf(stderr, "free: no MemTotal or MemFree in /proc/meminfo\n");
		return 1;
	}
	long used = total - (available >= 0 ? available : free_kib);
	printf("%-6s %11s %11s %11s\n", "", "total", "used", "free");
	printf("%-6s %11ld %11ld %11ld\n", "Mem:", total, used, free_kib);
	printf("%s", extra);
	return 0;
}
