# tests/shell/shell.mk: the shell and tool tests.  Included by the top-level
# Makefile AFTER user/user.mk, whose variables it uses (USER_CC, USER_CFLAGS,
# USER_BIN, USER_BINS) and whose rule installs $(USER_BIN)/NAME as the
# initrd's /bin/NAME.
#
#   tests/shell/shtest.c    /bin/sh on small scripts; the expected outputs are dash's
#   tests/shell/tooltest.c  ls, cat, echo, env, kill, uname, sleep, true, false, free, ps
#
#   make test-shell-linux   run both on the HOST Linux, with every user program
#                           staged in $(BUILD)/shell-root/bin (found through SHMOS_ROOT)
#   tests/shell/regen.sh    print the shell cases with dash's outputs, for review

# This file must not change the including Makefile's default goal.
SHELL_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

SHELL_TESTS := shtest tooltest
SHELL_TEST_BINS := $(SHELL_TESTS:%=$(USER_BIN)/%)

$(SHELL_TEST_BINS): $(USER_BIN)/%: tests/shell/%.c tests/shell/run.h tests/user/check.h \
		tests/shell/shell.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -Itests/user -Itests/shell $< -o $@

SHELL_INITRD_FILES := $(SHELL_TESTS:%=$(BUILD)/initrd/bin/%)
INITRD_FILES += $(SHELL_INITRD_FILES)
$(BUILD)/initrd.cpio: $(SHELL_INITRD_FILES)
user: $(SHELL_INITRD_FILES)

.PHONY: test-shell-linux
test-shell-linux: $(USER_BINS) $(SHELL_TEST_BINS)
	rm -rf $(BUILD)/shell-root
	mkdir -p $(BUILD)/shell-root/bin $(BUILD)/shell-root/data
	cp $(USER_BINS) $(SHELL_TEST_BINS) $(BUILD)/shell-root/bin/
	cp tests/user/data/* $(BUILD)/shell-root/data/
	tests/user/run-linux $(BUILD)/shell-root $(SHELL_TESTS)

.DEFAULT_GOAL := $(SHELL_SAVED_DEFAULT_GOAL)
