/*
 * vars.c: shell variables.
 *
 * A variable is a name and a value; an exported one is also put in the
 * environment of every program the shell runs (execve's envp).  The
 * variables the shell was started with came from its own environment, so
 * they start out exported.  A plain list: shells hold a few dozen.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

static struct var *var_find(struct shell *sh, const char *name)
{
	for (struct var *v = sh->vars; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

const char *var_get(struct shell *sh, const char *name)
{
	struct var *v = var_find(sh, name);
	return v ? v->value : NULL;
}

/* Set name to value (if value is not NULL); export it too if export is set. */
void var_set(struct shell *sh, const char *name, const char *value, int export)
{
	struct var *v = var_find(sh, name);
	if (!v) {
		/* at the end of the list, so that the environment keeps its order */
		struct var **tail = &sh->vars;
		while (*tail)
			tail = &(*tail)->next;
		v = xmalloc(sizeof(*v));
		*v = (struct var){.name = xstrdup(name), .value = xstrdup("")};
		*tail = v;
	}
	if (value) {
		free(v->value);
		v->value = xstrdup(value);
	}
	if (export)
		v->exported = 1;
}

void var_unset(struct shell *sh, const char *name)
{
	for (struct var **pv = &sh->vars; *pv; pv = &(*pv)->next) {
		struct var *v = *pv;
		if (strcmp(v->name, name) == 0) {
			*pv = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

/* Is s[0..len) a valid variable name: a letter or _, then letters, digits, _? */
int is_name(const char *s, size_t len)
{
	if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

/* Is the word NAME=value (the name unquoted)? */
int is_assignment(const char *word)
{
	const char *eq = strchr(word, '=');
	return eq && is_name(word, eq - word);
}

void vars_init(struct shell *sh, char **environ)
{
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		if (!eq || !is_name(*e, eq - *e))
			continue;
		char *name = xstrndup(*e, eq - *e);
		var_set(sh, name, eq + 1, 1);
		free(name);
	}
}

/* The environment for execve: "NAME=value" for every exported variable. */
char **env_build(struct shell *sh)
{
	struct strvec env = {0};
	for (struct var *v = sh->vars; v; v = v->next) {
		if (!v->exported)
			continue;
		struct buf b = {0};
		buf_puts(&b, v->name);
		buf_putc(&b, '=');
		buf_puts(&b, v->value);
		strvec_push(&env, buf_take(&b));
	}
	if (!env.v)
		strvec_push(&env, NULL); /* an empty, NULL-terminated array */
	return env.v;
}
