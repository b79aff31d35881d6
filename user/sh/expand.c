/*
 * expand.c: from the words as typed to the strings execve gets.
 *
 *   X='a  b'
 *   echo $X "$X" '$X' \$X ~/f     ->   argv: echo a b "a  b" $X $X /home/me/f
 *
 * One pass over each word does it all, character by character:
 *   - '...' is taken literally; "..." too, except $ and a few backslashes;
 *   - \c outside quotes is the character c;
 *   - $NAME ${NAME} $? $$ $! $# $0..$9 $@ $* are replaced by their values;
 *   - the value of an unquoted $... is split into fields at blanks (so
 *     $X above is two arguments, "$X" one);
 *   - a leading ~ is $HOME.
 * The quotes themselves disappear ("quote removal").  Not done here, unlike
 * a full POSIX shell: globbing (*.c), $(command), arithmetic, ${X:-word}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

/* The fields being built from one word. */
struct fields {
	struct strvec *out;
	struct buf cur; /* the current field */
	int started;    /* it exists even if empty: "" gives one empty argument */
	int split;      /* split unquoted values at blanks (not for redirections) */
};

static void add_char(struct fields *f, char c)
{
	buf_putc(&f->cur, c);
	f->started = 1;
}

static void end_field(struct fields *f)
{
	if (f->started)
		strvec_push(f->out, buf_take(&f->cur));
	f->started = 0;
}

/* Add the value of an expansion; unquoted, blanks separate fields. */
static void add_value(struct fields *f, const char *value, int quoted)
{
	for (; *value; value++) {
		if (!quoted && f->split && strchr(" \t\n", *value))
			end_field(f);
		else
			add_char(f, *value);
	}
}

/* "$1 $2 ..." joined with spaces: $@ and $* (both, in this small shell). */
static char *all_args(struct shell *sh)
{
	struct buf b = {0};
	for (int i = 1; i < sh->nargs; i++) {
		if (i > 1)
			buf_putc(&b, ' ');
		buf_puts(&b, sh->args[i]);
	}
	return buf_take(&b);
}

/* The value of parameter name[0..len) (malloc'd); unset ones are "". */
static char *lookup(struct shell *sh, const char *name, size_t len)
{
	char num[24];
	if (len == 1 && strchr("?$!#", name[0])) {
		long v = name[0] == '?'   ? sh->status
		         : name[0] == '$' ? sh->pid
		         : name[0] == '!' ? sh->last_bg
		                          : sh->nargs - 1;
		if (name[0] == '!' && v == 0)
			return xstrdup("");
		snprintf(num, sizeof(num), "%ld", v);
		return xstrdup(num);
	}
	if (len == 1 && (name[0] == '@' || name[0] == '*'))
		return all_args(sh);
	if (len == 1 && name[0] >= '0' && name[0] <= '9') {
		int i = name[0] - '0';
		return xstrdup(i < sh->nargs ? sh->args[i] : "");
	}
	char *key = xstrndup(name, len);
	const char *value = var_get(sh, key);
	free(key);
	return xstrdup(value ? value : "");
}

/* The length of the parameter name at p: one special character, or a NAME. */
static size_t name_length(const char *p)
{
	if (*p && strchr("?$!#@*0123456789", *p))
		return 1;
	size_t n = 0;
	while (is_name(p, n + 1))
		n++;
	return n;
}

/*
 * p points just after a '$'.  Sets *value to the parameter's value and
 * returns how many characters its name took, or returns 0 if this '$' is
 * just a dollar sign ("$", "$-", "${oops").
 */
static size_t parameter(struct shell *sh, const char *p, char **value)
{
	if (*p == '{') {
		size_t n = name_length(p + 1);
		if (n == 0 || p[1 + n] != '}')
			return 0;
		*value = lookup(sh, p + 1, n);
		return n + 2;
	}
	size_t n = name_length(p);
	if (n > 0)
		*value = lookup(sh, p, n);
	return n;
}

/* Expand one word into f. */
static void expand_word(struct shell *sh, const char *s, struct fields *f)
{
	int dquote = 0; /* inside "..." */
	const char *home = var_get(sh, "HOME");

	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0') && home) {
		add_value(f, home, 1);
		s++;
	}
	while (*s) {
		char c = *s++;
		if (c == '\'' && !dquote) {
			f->started = 1;
			while (*s && *s != '\'')
				add_char(f, *s++);
			if (*s)
				s++;
		} else if (c == '"') {
			dquote = !dquote;
			f->started = 1;
		} else if (c == '\\') {
			if (*s == '\n') {
				s++; /* backslash-newline: the line just goes on */
			} else if (*s == '\0' || (dquote && !strchr("$`\"\\", *s))) {
				add_char(f, '\\'); /* inside "...", "\a" is backslash and a */
			} else {
				add_char(f, *s++);
			}
		} else if (c == '$') {
			char *value = NULL;
			size_t used = parameter(sh, s, &value);
			if (used == 0) {
				add_char(f, '$');
				continue;
			}
			add_value(f, value, dquote);
			free(value);
			s += used;
		} else {
			add_char(f, c);
		}
	}
	end_field(f);
}

/* Expand every word of raw into fields appended to out (a command's argv). */
void expand_words(struct shell *sh, struct strvec *raw, struct strvec *out)
{
	for (int i = 0; i < raw->n; i++) {
		struct fields f = {.out = out, .split = 1};
		expand_word(sh, raw->v[i], &f);
	}
}

/* Expand one word into exactly one string, not split: for file names and values. */
char *expand_string(struct shell *sh, const char *raw)
{
	struct strvec out = {0};
	struct fields f = {.out = &out, .split = 0};
	expand_word(sh, raw, &f);
	char *s = xstrdup(out.n > 0 ? out.v[0] : "");
	strvec_free(&out);
	return s;
}
