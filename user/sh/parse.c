/*
 * parse.c: turn tokens into a tree, by recursive descent.  The grammar,
 * one function per rule (lowest precedence first):
 *
 *   list      := and_or ((';' | '&' | newline) and_or)*
 *   and_or    := pipeline (('&&' | '||') newline* pipeline)*
 *   pipeline  := command ('|' newline* command)*
 *   command   := (word | redirection)+
 *   redirection := ('<' | '>' | '>>' | '<&' | '>&') word
 *
 * so "a | b && c ; d &" is
 *
 *               SEQ
 *             /     \
 *          AND       BACKGROUND
 *         /   \          |
 *   PIPELINE  PIPELINE  PIPELINE
 *    a | b       c         d
 *
 * Running out of tokens where a command must follow ("a |", "a &&") is
 * not an error but PARSE_INCOMPLETE: the user goes on on the next line.
 */
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct parser {
	const char *src;
	struct tokens toks;
	int pos;        /* the next token */
	int incomplete; /* the tokens ended where more were needed */
	int failed;     /* a syntax error was reported */
};

static struct token *peek(struct parser *p)
{
	return p->pos < p->toks.n ? &p->toks.v[p->pos] : NULL;
}

static int at(struct parser *p, enum token_kind kind)
{
	return peek(p) && peek(p)->kind == kind;
}

static void skip_newlines(struct parser *p)
{
	while (at(p, T_NEWLINE))
		p->pos++;
}

/* The current token cannot be here; no token at all means "read more". */
static void syntax_error(struct parser *p)
{
	struct token *t = peek(p);
	if (!t) {
		p->incomplete = 1;
	} else if (!p->failed) {
		if (t->kind == T_NEWLINE)
			error("syntax error: newline unexpected");
		else
			error("syntax error: \"%s\" unexpected", token_name(t->kind));
	}
	p->failed = 1;
}

/* The source text from offset start to the end of the last token read. */
static char *text_since(struct parser *p, int start)
{
	int end = p->toks.v[p->pos - 1].end;
	return xstrndup(p->src + start, end - start);
}

static struct node *new_node(enum node_kind kind, struct node *left, struct node *right)
{
	struct node *n = xmalloc(sizeof(*n));
	*n = (struct node){.kind = kind, .left = left, .right = right};
	return n;
}

static void command_free(struct command *c)
{
	while (c) {
		struct command *next = c->next;
		strvec_free(&c->assigns);
		strvec_free(&c->words);
		while (c->redirs) {
			struct redir *r = c->redirs;
			c->redirs = r->next;
			free(r->target);
			free(r);
		}
		free(c);
		c = next;
	}
}

void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->left);
	node_free(n->right);
	command_free(n->pipeline);
	free(n->text);
	free(n);
}

static int is_redirection(enum token_kind kind)
{
	return kind == T_LESS || kind == T_GREAT || kind == T_DGREAT || kind == T_LESSAND ||
	       kind == T_GREATAND;
}

/* redirection := op word.  Appends it to the command's list; 0 on error. */
static int parse_redirection(struct parser *p, struct command *c)
{
	struct token *op = peek(p);
	p->pos++;
	if (!at(p, T_WORD)) {
		syntax_error(p);
		return 0;
	}
	struct redir *r = xmalloc(sizeof(*r));
	switch (op->kind) {
	case T_LESS:
		r->kind = R_IN;
		break;
	case T_DGREAT:
		r->kind = R_APPEND;
		break;
	case T_GREAT:
		r->kind = R_OUT;
		break;
	default: /* <& and >& */
		r->kind = R_DUP;
		break;
	}
	int reads = op->kind == T_LESS || op->kind == T_LESSAND;
	r->fd = op->fd >= 0 ? op->fd : reads ? 0 : 1;
	r->target = xstrdup(peek(p)->text);
	r->next = NULL;
	p->pos++;

	struct redir **tail = &c->redirs;
	while (*tail)
		tail = &(*tail)->next;
	*tail = r;
	return 1;
}

/* command := (word | redirection)+ */
static struct command *parse_command(struct parser *p)
{
	struct command *c = xmalloc(sizeof(*c));
	*c = (struct command){0};
	for (;;) {
		struct token *t = peek(p);
		if (t && t->kind == T_WORD) {
			/* NAME=value before the command name is an assignment */
			struct strvec *to =
			    c->words.n == 0 && is_assignment(t->text) ? &c->assigns : &c->words;
			strvec_push(to, xstrdup(t->text));
			p->pos++;
		} else if (t && is_redirection(t->kind)) {
			if (!parse_redirection(p, c))
				goto fail;
		} else {
			break;
		}
	}
	if (c->words.n == 0 && c->assigns.n == 0 && c->redirs == NULL) {
		syntax_error(p);
		goto fail;
	}
	return c;
fail:
	command_free(c);
	return NULL;
}

/* pipeline := command ('|' newline* command)* */
static struct node *parse_pipeline(struct parser *p)
{
	int start = peek(p) ? peek(p)->start : 0;
	struct command *first = parse_command(p), *last = first;
	if (!first)
		return NULL;
	while (at(p, T_PIPE)) {
		p->pos++;
		skip_newlines(p);
		last->next = parse_command(p);
		if (!last->next) {
			command_free(first);
			return NULL;
		}
		last = last->next;
	}
	struct node *n = new_node(N_PIPELINE, NULL, NULL);
	n->pipeline = first;
	n->text = text_since(p, start);
	return n;
}

/* and_or := pipeline (('&&' | '||') newline* pipeline)* */
static struct node *parse_and_or(struct parser *p)
{
	struct node *left = parse_pipeline(p);
	while (left && (at(p, T_AND) || at(p, T_OR))) {
		enum node_kind kind = at(p, T_AND) ? N_AND : N_OR;
		p->pos++;
		skip_newlines(p);
		struct node *right = parse_pipeline(p);
		if (!right) {
			node_free(left);
			return NULL;
		}
		left = new_node(kind, left, right);
	}
	return left;
}

/* list := and_or ((';' | '&' | newline) and_or)*   (NULL if empty) */
static struct node *parse_list(struct parser *p)
{
	struct node *list = NULL;
	for (;;) {
		skip_newlines(p);
		if (!peek(p))
			return list;
		int start = peek(p)->start;
		struct node *item = parse_and_or(p);
		if (!item)
			break;
		if (at(p, T_AMP)) {
			item = new_node(N_BACKGROUND, item, NULL);
			item->text = text_since(p, start);
			p->pos++;
		} else if (at(p, T_SEMI) || at(p, T_NEWLINE)) {
			p->pos++;
		} else if (peek(p)) {
			syntax_error(p);
			node_free(item);
			break;
		}
		list = list ? new_node(N_SEQ, list, item) : item;
	}
	node_free(list);
	return NULL;
}

enum parse_result parse(const char *src, struct node **tree)
{
	struct parser p = {.src = src};
	*tree = NULL;
	if (lex(src, &p.toks) == LEX_INCOMPLETE) {
		tokens_free(&p.toks);
		return PARSE_INCOMPLETE;
	}
	*tree = parse_list(&p);
	tokens_free(&p.toks);
	if (p.incomplete)
		return PARSE_INCOMPLETE;
	return p.failed ? PARSE_ERROR : PARSE_OK;
}
