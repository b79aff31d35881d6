/*
 * accounts.h: user and group names for the tools that print owners (ls -l,
 * ipcs), from /etc/passwd and /etc/group through musl's getpwuid(3) and
 * getgrgid(3).  A number no file names is printed as the number, as
 * coreutils and util-linux do.
 */
#ifndef SHMOS_USER_ACCOUNTS_H
#define SHMOS_USER_ACCOUNTS_H

#include <grp.h>
#include <pwd.h>
#include <stdio.h>

/* A user's name, or the number if /etc/passwd does not say. */
static inline const char *user_name(unsigned uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid); /* a static buffer: copy the name out */
	if (pw)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", uid);
	return buf;
}

/* A group's name, or the number if /etc/group does not say. */
static inline const char *group_name(unsigned gid, char *buf, size_t size)
{
	struct group *gr = getgrgid(gid);
	if (gr)
		snprintf(buf, size, "%s", gr->gr_name);
	else
		snprintf(buf, size, "%u", gid);
	return buf;
}

#endif
