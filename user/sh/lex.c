/*
 * lex.c: cut the source text into tokens.
 *
 *   echo "a b"c 2>&1 | cat >>log   ->   WORD(echo) WORD("a b"c) 2>& WORD(1) |
 *                                       WORD(cat) >> WORD(log) NEWLINE
 *
 * A word ends at an unquoted blank or operator character; quotes only
 * decide where the word ends, and stay in its text: removing them is
 * expand.c's job, because the quotes also decide whether $VAR is split.
 *
 * A source that ends inside quotes or with a backslash-newline is
 * INCOMPLETE: the caller reads another line and lexes everything again.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

/* The operators, longest first so that ">>" wins over ">". */
static const struct {
	const char *text;
	enum token_kind kind;
} operators[] = {
    {"&&", T_AND},     {"||", T_OR},   {">>", T_DGREAT},  {">&", T_GREATAND},
    {"<&", T_LESSAND}, {"|", T_PIPE},  {"&", T_AMP},      {";", T_SEMI},
    {"<", T_LESS},     {">", T_GREAT}, {"\n", T_NEWLINE},
};

#define NOPERATORS (int)(sizeof(operators) / sizeof(operators[0]))

const char *token_name(enum token_kind kind)
{
	if (kind == T_NEWLINE)
		return "newline";
	if (kind == T_WORD)
		return "word";
	for (int i = 0; i < NOPERATORS; i++)
		if (operators[i].kind == kind)
			return operators[i].text;
	return "?";
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Characters that end an unquoted word. */
static int ends_word(char c)
{
	return c == '\0' || is_blank(c) || strchr("|&;<>\n", c) != NULL;
}

static void add_token(struct tokens *t, enum token_kind kind, char *text, int start, int end)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->v = xrealloc(t->v, t->cap * sizeof(struct token));
	}
	t->v[t->n++] = (struct token){kind, text, -1, start, end};
}

/*
 * The end of the word starting at src[i], or -1 if the source ends
 * before its quotes are closed.
 */
static int scan_word(const char *src, int i)
{
	while (!ends_word(src[i])) {
		char c = src[i++];
		if (c == '\\') {
			if (src[i] == '\n' && src[i + 1] == '\0')
				return -1; /* a line continued on the next one */
			if (src[i] != '\0')
				i++;
		} else if (c == '\'') {
			while (src[i] != '\'')
				if (src[i++] == '\0')
					return -1;
			i++;
		} else if (c == '"') {
			while (src[i] != '"') {
				if (src[i] == '\0')
					return -1;
				if (src[i] == '\\' && src[i + 1] != '\0')
					i++;
				i++;
			}
			i++;
		}
	}
	return i;
}

/* Is the operator at src[i] one of ours?  Returns its index in operators[], or -1. */
static int match_operator(const char *src, int i)
{
	for (int k = 0; k < NOPERATORS; k++) {
		size_t len = strlen(operators[k].text);
		if (strncmp(src + i, operators[k].text, len) == 0)
			return k;
	}
	return -1;
}

/* Is the word src[start..end) all digits, right before a redirection ("2>")? */
static int is_io_number(const char *src, int start, int end)
{
	if (src[end] != '<' && src[end] != '>')
		return 0;
	for (int i = start; i < end; i++)
		if (!isdigit((unsigned char)src[i]))
			return 0;
	return end - start <= 3;
}

enum lex_result lex(const char *src, struct tokens *out)
{
	int i = 0, k;
	out->n = 0;
	while (src[i] != '\0') {
		if (is_blank(src[i])) {
			i++;
		} else if (src[i] == '\\' && src[i + 1] == '\n') {
			if (src[i + 2] == '\0')
				return LEX_INCOMPLETE;
			i += 2; /* backslash-newline between words: the line goes on */
		} else if (src[i] == '#') {
			while (src[i] != '\0' && src[i] != '\n')
				i++; /* a comment, up to the end of the line */
		} else if ((k = match_operator(src, i)) >= 0) {
			int len = strlen(operators[k].text);
			add_token(out, operators[k].kind, NULL, i, i + len);
			i += len;
		} else {
			int end = scan_word(src, i);
			if (end < 0)
				return LEX_INCOMPLETE;
			if (is_io_number(src, i, end)) {
				k = match_operator(src, end);
				int len = strlen(operators[k].text);
				add_token(out, operators[k].kind, NULL, i, end + len);
				out->v[out->n - 1].fd = atoi(src + i);
				i = end + len;
			} else {
				add_token(out, T_WORD, xstrndup(src + i, end - i), i, end);
				i = end;
			}
		}
	}
	return LEX_OK;
}

void tokens_free(struct tokens *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}
