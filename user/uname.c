/*
 * uname: print what the kernel says about itself (the uname(2) system call).
 *
 *   uname [-asnrvm]
 *
 *   -s  kernel name ("shmos", "Linux")      -n  host name
 *   -r  kernel release                      -v  kernel version (build)
 *   -m  machine ("x86_64")                  -a  all of these, in this order:
 *                                               s n r v m
 * With no option, -s.
 */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	const char *letters = "snrvm"; /* the fields, in the order printed */
	int want[5] = {0}, any = 0;
	struct utsname u;

	for (int i = 1; i < argc; i++) {
		for (const char *p = argv[i]; *p; p++) {
			if (p == argv[i] && *p == '-')
				continue;
			int k;
			for (k = 0; k < 5 && letters[k] != *p; k++)
				;
			if (*p == 'a') {
				for (k = 0; k < 5; k++)
					want[k] = 1;
			} else if (argv[i][0] != '-' || k == 5) {
				fprintf(stderr, "usage: uname [-asnrvm]\n");
				return 1;
			} else {
				want[k] = 1;
			}
			any = 1;
		}
	}
	if (!any)
		want[0] = 1;
	if (uname(&u) < 0) {
		perror("uname");
		return 1;
	}
	const char *field[5] = {u.sysname, u.nodename, u.release, u.version, u.machine};
	const char *sep = "";
	for (int k = 0; k < 5; k++) {
		if (want[k]) {
			printf("%s%s", sep, field[k]);
			sep = " ";
		}
	}
	printf("\n");
	return 0;
}
