/*
 * poweroff: switch the machine off, now.
 *
 * reboot(2) with LINUX_REBOOT_CMD_POWER_OFF (musl's reboot(RB_POWER_OFF)).
 * It needs privilege (root, CAP_SYS_BOOT) and does not ask any program to
 * stop first: on a real Linux system use the init system's poweroff.
 * Never run it in a test on the host!
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync(); /* write out what the kernel still holds in memory */
	reboot(RB_POWER_OFF);
	perror("poweroff"); /* only returns on failure */
	return 1;
}
